import {
  Datagrid,
  DateField,
  FunctionField,
  List,
  SearchInput,
  Show,
  SimpleList,
  SimpleShowLayout,
  TextField,
  TextInput,
} from "react-admin";
import { Responsive } from "./Responsive.jsx";

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Target, reason, actor" />,
  <TextInput key="action" source="action" />,
  <TextInput key="target_type" source="target_type" label="Target type" />,
];

const Json = ({ value }) => (
  <pre style={{ margin: 0, fontSize: 12, whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
    {value == null ? "—" : JSON.stringify(value, null, 2)}
  </pre>
);

export const AuditLogList = () => (
  <List filters={filters} sort={{ field: "id", order: "DESC" }} perPage={25} exporter={false}>
    <Responsive
      small={
        <SimpleList
          primaryText={(r) => `${r.action} · ${r.target_repr || r.target_type}`}
          secondaryText={(r) => `${r.actor_email ?? "—"}${r.reason ? ` · ${r.reason}` : ""}`}
          tertiaryText={(r) => new Date(r.created_at).toLocaleDateString()}
          linkType="show"
        />
      }
    >
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <DateField source="created_at" label="When" showTime />
      <TextField source="actor_email" label="Who" sortable={false} />
      <TextField source="action" />
      <TextField source="target_type" label="Target" />
      <TextField source="target_repr" label="What" sortable={false} />
      <TextField source="reason" sortable={false} emptyText="—" />
    </Datagrid>
    </Responsive>
  </List>
);

export const AuditLogShow = () => (
  <Show>
    <SimpleShowLayout>
      <DateField source="created_at" label="When" showTime />
      <TextField source="actor_email" label="Who" />
      <TextField source="action" />
      <TextField source="target_type" label="Target type" />
      <TextField source="target_id" label="Target id" />
      <TextField source="target_repr" label="What" />
      <TextField source="reason" emptyText="—" />
      <FunctionField label="Before" render={(record) => <Json value={record.before} />} />
      <FunctionField label="After" render={(record) => <Json value={record.after} />} />
    </SimpleShowLayout>
  </Show>
);
