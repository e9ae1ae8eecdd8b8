import {
  Datagrid,
  DateField,
  FunctionField,
  List,
  SearchInput,
  Show,
  SimpleShowLayout,
  TextField,
  TextInput,
} from "react-admin";

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
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <DateField source="created_at" label="When" showTime />
      <TextField source="actor_email" label="Who" sortable={false} />
      <TextField source="action" />
      <TextField source="target_type" label="Target" />
      <TextField source="target_repr" label="What" sortable={false} />
      <TextField source="reason" sortable={false} emptyText="—" />
    </Datagrid>
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
