import { useState } from "react";
import {
  Box,
  Button as MuiButton,
  Card,
  CardContent,
  Chip,
  MenuItem,
  Stack,
  TextField as MuiTextField,
  Typography,
} from "@mui/material";
import { Responsive } from "./Responsive.jsx";
import {
  Datagrid,
  DateField,
  EmailField,
  FunctionField,
  List,
  NullableBooleanInput,
  NumberField,
  SearchInput,
  SimpleList,
  SelectField,
  SelectInput,
  Show,
  SimpleShowLayout,
  TextField,
  useDataProvider,
  useGetIdentity,
  useGetList,
  useNotify,
  useRecordContext,
  useRefresh,
} from "react-admin";

export const STATUSES = [
  { id: "open", name: "Waiting for staff" },
  { id: "answered", name: "Answered" },
  { id: "closed", name: "Closed" },
];
export const CATEGORIES = [
  { id: "training", name: "Training" },
  { id: "technique", name: "Technique" },
  { id: "nutrition", name: "Nutrition" },
  { id: "account", name: "Account" },
  { id: "bug", name: "Bug report" },
  { id: "other", name: "Other" },
];
const STATUS_COLOR = { open: "warning", answered: "info", closed: "default" };

const StatusChip = () => {
  const record = useRecordContext();
  if (!record) return null;
  const label = STATUSES.find((s) => s.id === record.status)?.name ?? record.status;
  return <Chip size="small" label={label} color={STATUS_COLOR[record.status] ?? "default"} />;
};

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Title, text, email" />,
  <SelectInput key="status" source="status" choices={STATUSES} alwaysOn />,
  <SelectInput key="category" source="category" choices={CATEGORIES} />,
  <NullableBooleanInput key="unassigned" source="unassigned" label="Unassigned" />,
];

export const InquiryList = () => (
  <List filters={filters} sort={{ field: "created_at", order: "ASC" }} perPage={25}>
    <Responsive
      small={
        <SimpleList
          primaryText={(r) => r.title}
          secondaryText={(r) => `${r.user_email ?? "Telegram user"} · ${STATUSES.find((s) => s.id === r.status)?.name ?? r.status}`}
          tertiaryText={(r) => new Date(r.created_at).toLocaleDateString()}
          linkType="show"
        />
      }
    >
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="id" />
      <TextField source="title" />
      <TextField source="user_email" label="User" sortable={false} />
      <SelectField source="category" choices={CATEGORIES} />
      <FunctionField source="status" label="Status" render={() => <StatusChip />} />
      <TextField source="assignee_email" label="Assignee" sortable={false} emptyText="—" />
      <NumberField source="message_count" label="Messages" sortable={false} />
      <DateField source="created_at" label="Asked" showTime />
    </Datagrid>
    </Responsive>
  </List>
);

const Thread = () => {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <Stack spacing={1.5} sx={{ my: 2 }} data-testid="thread">
      <Typography variant="h6">Conversation</Typography>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="caption" color="text.secondary">
            {record.user_email ?? `Telegram ${record.user_telegram_id}`} ·{" "}
            {new Date(record.created_at).toLocaleString()}
          </Typography>
          <Typography sx={{ whiteSpace: "pre-wrap", mt: 0.5 }}>{record.body}</Typography>
          {record.image && (
            <a href={record.image} target="_blank" rel="noreferrer">
              Attached image
            </a>
          )}
        </CardContent>
      </Card>
      {(record.messages ?? []).map((message) => (
        <Card
          key={message.id}
          variant="outlined"
          sx={message.is_staff_answer ? { ml: { sm: 6 }, bgcolor: "#f0f7ff" } : { mr: { sm: 6 } }}
        >
          <CardContent>
            <Typography variant="caption" color="text.secondary">
              {message.is_staff_answer ? "Staff" : "User"} · {message.author_email ?? "—"} ·{" "}
              {new Date(message.created_at).toLocaleString()}
              {message.is_staff_answer &&
                (message.notified_at
                  ? ` · sent by ${message.notified_via}`
                  : " · notification pending")}
            </Typography>
            <Typography sx={{ whiteSpace: "pre-wrap", mt: 0.5 }}>{message.body}</Typography>
          </CardContent>
        </Card>
      ))}
    </Stack>
  );
};

const Actions = () => {
  const record = useRecordContext();
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const { data: me } = useGetIdentity();
  const { data: staff = [] } = useGetList("users", {
    filter: { is_staff: true, is_active: true },
    pagination: { page: 1, perPage: 100 },
    sort: { field: "email", order: "ASC" },
  });
  const [answer, setAnswer] = useState("");
  const [busy, setBusy] = useState(false);
  if (!record) return null;

  const act = async (action, body, done) => {
    setBusy(true);
    try {
      await dataProvider.inquiryAction(record.id, action, body);
      notify(done, { type: "info" });
      refresh();
      return true;
    } catch (error) {
      notify(error.message, { type: "error" });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const closed = record.status === "closed";

  return (
    <Stack spacing={2} sx={{ maxWidth: 720 }}>
      {!closed && (
        <Box>
          <MuiTextField
            label="Answer"
            multiline
            minRows={3}
            fullWidth
            value={answer}
            onChange={(event) => setAnswer(event.target.value)}
            helperText="The user gets it by Telegram when linked, else by email."
            slotProps={{ htmlInput: { "data-testid": "answer-body" } }}
          />
          <MuiButton
            variant="contained"
            sx={{ mt: 1 }}
            disabled={busy || !answer.trim()}
            onClick={async () => {
              if (await act("answer", { body: answer }, "Answer sent")) setAnswer("");
            }}
          >
            Send answer
          </MuiButton>
        </Box>
      )}
      <Stack direction={{ xs: "column", sm: "row" }} spacing={1} sx={{ alignItems: { sm: "center" } }}>
        <MuiTextField
          select
          size="small"
          label="Assignee"
          sx={{ minWidth: 240 }}
          value={record.assignee ?? ""}
          disabled={busy}
          onChange={(event) =>
            act("assign", { assignee: event.target.value === "" ? null : event.target.value }, "Assigned")
          }
        >
          <MenuItem value="">Nobody</MenuItem>
          {staff.map((user) => (
            <MenuItem key={user.id} value={user.id}>
              {user.email}
            </MenuItem>
          ))}
        </MuiTextField>
        {me && record.assignee !== me.id && (
          <MuiButton disabled={busy} onClick={() => act("assign", { assignee: me.id }, "Assigned to you")}>
            Assign to me
          </MuiButton>
        )}
        <Box sx={{ flex: 1 }} />
        {closed ? (
          <MuiButton disabled={busy} onClick={() => act("reopen", undefined, "Reopened")}>
            Reopen
          </MuiButton>
        ) : (
          <MuiButton color="inherit" disabled={busy} onClick={() => act("close", undefined, "Closed")}>
            Close inquiry
          </MuiButton>
        )}
      </Stack>
    </Stack>
  );
};

export const InquiryShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="title" variant="h6" label={false} />
      <FunctionField label="Status" render={() => <StatusChip />} />
      <EmailField source="user_email" label="User" emptyText="(Telegram only)" />
      <SelectField source="category" choices={CATEGORIES} />
      <TextField source="assignee_email" label="Assignee" emptyText="—" />
      <DateField source="created_at" label="Asked" showTime />
      <DateField source="first_answered_at" label="First answer" showTime emptyText="—" />
      <Thread />
      <Actions />
    </SimpleShowLayout>
  </Show>
);
