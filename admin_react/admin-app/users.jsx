import { Responsive } from "./Responsive.jsx";
import {
  BooleanField,
  BooleanInput,
  Datagrid,
  DateField,
  Edit,
  EmailField,
  List,
  NullableBooleanInput,
  NumberField,
  ReferenceManyField,
  SaveButton,
  SearchInput,
  SimpleList,
  Show,
  SimpleForm,
  TabbedShowLayout,
  TextField,
  TextInput,
  Toolbar,
} from "react-admin";

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Email, name, Telegram" />,
  <NullableBooleanInput key="is_active" source="is_active" label="Active" />,
  <NullableBooleanInput key="is_staff" source="is_staff" label="Staff" />,
  <NullableBooleanInput key="has_telegram" source="has_telegram" label="Telegram linked" />,
];

export const UserList = () => (
  <List filters={filters} sort={{ field: "id", order: "DESC" }} perPage={25}>
    <Responsive
      small={
        <SimpleList
          primaryText={(r) => r.email ?? `Telegram ${r.telegram_id}`}
          secondaryText={(r) => `${r.display_name || "—"} · ${r.set_count} sets${r.is_staff ? " · staff" : ""}`}
          tertiaryText={(r) => (r.is_active ? "" : "inactive")}
          linkType="show"
        />
      }
    >
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="id" />
      <EmailField source="email" />
      <TextField source="display_name" label="Name" />
      <TextField source="telegram_username" label="Telegram" />
      <BooleanField source="is_active" label="Active" />
      <BooleanField source="is_staff" label="Staff" />
      <NumberField source="set_count" label="Sets" sortable={false} />
      <DateField source="last_set_at" label="Last set" sortable={false} showTime />
      <DateField source="date_joined" label="Joined" />
    </Datagrid>
    </Responsive>
  </List>
);

export const UserShow = () => (
  <Show>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="Profile">
        <TextField source="id" />
        <EmailField source="email" />
        <TextField source="display_name" label="Name" />
        <BooleanField source="is_active" label="Active" />
        <BooleanField source="is_staff" label="Staff" />
        <BooleanField source="is_superuser" label="Superuser" />
        <TextField source="telegram_id" label="Telegram id" />
        <TextField source="telegram_username" label="Telegram username" />
        <TextField source="sex" />
        <DateField source="birth_date" />
        <NumberField source="bodyweight_kg" label="Bodyweight (kg)" />
        <TextField source="units" />
        <TextField source="language" />
        <TextField source="timezone" />
        <NumberField source="set_count" label="Sets" />
        <NumberField source="inquiry_count" label="Inquiries" />
        <DateField source="date_joined" showTime />
        <DateField source="last_login" showTime />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="Sets" path="sets">
        <ReferenceManyField reference="sets" target="user" sort={{ field: "id", order: "DESC" }}>
          <Datagrid rowClick="edit" bulkActionButtons={false}>
            <DateField source="performed_at" showTime />
            <TextField source="exercise_name" label="Exercise" />
            <NumberField source="weight_kg" label="kg" />
            <NumberField source="reps" />
            <NumberField source="e1rm_kg" label="e1RM" />
            <NumberField source="percentile" />
            <TextField source="level" />
          </Datagrid>
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);

export const UserEdit = () => (
  <Edit mutationMode="pessimistic">
    <SimpleForm toolbar={<Toolbar><SaveButton /></Toolbar>}>
      <EmailField source="email" />
      <TextInput source="display_name" label="Name" />
      <BooleanInput source="is_active" label="Active (can log in and use the bot)" />
      <BooleanInput source="is_staff" label="Staff (only a superuser can change this)" />
    </SimpleForm>
  </Edit>
);
