import { useState } from "react";
import {
  Button as MuiButton,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField as MuiTextField,
} from "@mui/material";
import DeleteIcon from "@mui/icons-material/Delete";
import { Responsive } from "./Responsive.jsx";
import {
  Button,
  Datagrid,
  DateField,
  DateInput,
  DateTimeInput,
  Edit,
  List,
  NumberField,
  NumberInput,
  SaveButton,
  SearchInput,
  SimpleForm,
  SimpleList,
  TextField,
  TextInput,
  Toolbar,
  required,
  useDelete,
  useNotify,
  useRecordContext,
  useRedirect,
} from "react-admin";

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="User or exercise" />,
  <TextInput key="user_email" source="user_email" label="User email" />,
  <TextInput key="exercise" source="exercise" label="Exercise slug" />,
  <DateInput key="date" source="date" label="Day" />,
];

export const SetList = () => (
  <List filters={filters} sort={{ field: "id", order: "DESC" }} perPage={25}>
    <Responsive
      small={
        <SimpleList
          primaryText={(r) => `${r.exercise_name} ${r.weight_kg} kg × ${r.reps}`}
          secondaryText={(r) => `${r.user_email ?? "—"} · e1RM ${r.e1rm_kg} kg · ${r.level ?? "unranked"}`}
          tertiaryText={(r) => new Date(r.performed_at).toLocaleDateString()}
          linkType="edit"
        />
      }
    >
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="id" />
      <DateField source="performed_at" label="When" showTime />
      <TextField source="user_email" label="User" sortable={false} />
      <TextField source="exercise_name" label="Exercise" sortable={false} />
      <NumberField source="weight_kg" label="kg" />
      <NumberField source="reps" />
      <NumberField source="rpe" label="RPE" sortable={false} />
      <NumberField source="e1rm_kg" label="e1RM" />
      <NumberField source="percentile" sortable={false} />
      <TextField source="level" sortable={false} />
      <TextField source="source" sortable={false} />
    </Datagrid>
    </Responsive>
  </List>
);

/** Deletes the set after asking why (the audit log keeps the reason). */
const DeleteWithReasonButton = () => {
  const record = useRecordContext();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [deleteOne, { isPending }] = useDelete();
  const notify = useNotify();
  const redirect = useRedirect();
  const confirm = () =>
    deleteOne(
      "sets",
      { id: record.id, previousData: record, meta: { reason } },
      {
        mutationMode: "pessimistic",
        onSuccess: () => {
          notify("Set deleted", { type: "info" });
          redirect("list", "sets");
        },
        onError: (error) => notify(error.message, { type: "error" }),
      },
    );
  return (
    <>
      <Button label="Delete" color="error" onClick={() => setOpen(true)}>
        <DeleteIcon />
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>Delete this set?</DialogTitle>
        <DialogContent>
          <MuiTextField
            autoFocus
            fullWidth
            margin="dense"
            label="Reason (kept in the audit log)"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={() => setOpen(false)}>Cancel</MuiButton>
          <MuiButton color="error" disabled={!reason.trim() || isPending} onClick={confirm}>
            Delete
          </MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
};

const SetToolbar = () => (
  <Toolbar sx={{ justifyContent: "space-between" }}>
    <SaveButton />
    <DeleteWithReasonButton />
  </Toolbar>
);

export const SetEdit = () => (
  <Edit mutationMode="pessimistic">
    <SimpleForm toolbar={<SetToolbar />}>
      <TextField source="user_email" label="User" />
      <TextInput source="exercise" label="Exercise slug" validate={required()} />
      <DateTimeInput source="performed_at" label="Performed at" validate={required()} />
      <NumberInput source="weight_kg" label="Weight (kg; added kg for pull-ups and dips)" validate={required()} />
      <NumberInput source="reps" min={1} max={100} validate={required()} />
      <NumberInput source="rpe" label="RPE" min={1} max={10} step={0.5} />
      <TextInput source="reason" label="Why is this set corrected?" validate={required()} fullWidth />
    </SimpleForm>
  </Edit>
);
