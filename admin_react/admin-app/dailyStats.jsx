import { Datagrid, DateField, DateInput, List, NumberField, SimpleList } from "react-admin";
import { Responsive } from "./Responsive.jsx";

const filters = [
  <DateInput key="from" source="day__gte" label="From" alwaysOn />,
  <DateInput key="to" source="day__lte" label="To" alwaysOn />,
];

/** One row per UTC day, recorded by Celery beat after the day ends (read only). */
export const DailyStatsList = () => (
  <List filters={filters} sort={{ field: "day", order: "DESC" }} perPage={31} exporter={false}>
    <Responsive
      small={
        <SimpleList
          primaryText={(r) => r.day}
          secondaryText={(r) => `${r.sets} sets · ${r.active_lifters} lifters · ${r.new_users} new`}
          linkType={false}
        />
      }
    >
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <DateField source="day" />
        <NumberField source="new_users" label="New users" />
        <NumberField source="active_lifters" label="Active lifters" />
        <NumberField source="sets" label="Sets" />
      </Datagrid>
    </Responsive>
  </List>
);
