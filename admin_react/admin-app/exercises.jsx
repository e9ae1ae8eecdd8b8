import { useState } from "react";
import { Box, Button as MuiButton, Stack, TextField as MuiTextField, Typography } from "@mui/material";
import {
  BooleanField,
  FunctionField,
  Create,
  Datagrid,
  Edit,
  List,
  NumberField,
  NumberInput,
  SearchInput,
  SelectField,
  SelectInput,
  SimpleForm,
  SimpleList,
  TextField,
  TextInput,
  required,
  NullableBooleanInput,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRedirect,
} from "react-admin";
import { Responsive } from "./Responsive.jsx";

export const EQUIPMENT = [
  { id: "barbell", name: "Barbell" },
  { id: "dumbbell", name: "Dumbbell" },
  { id: "cable", name: "Cable" },
  { id: "machine", name: "Machine" },
  { id: "smith_machine", name: "Smith machine" },
  { id: "plate_loaded", name: "Plate-loaded" },
  { id: "ez_bar", name: "EZ bar" },
  { id: "kettlebell", name: "Kettlebell" },
  { id: "band", name: "Band" },
  { id: "bodyweight", name: "Bodyweight" },
  { id: "weighted", name: "Weighted" },
  { id: "assisted", name: "Assisted" },
  { id: "other", name: "Other" },
];

export const CATEGORIES = [
  { id: "legs", name: "Legs" },
  { id: "chest", name: "Chest" },
  { id: "back", name: "Back" },
  { id: "shoulders", name: "Shoulders" },
  { id: "arms", name: "Arms" },
  { id: "full_body", name: "Full body" },
  { id: "core", name: "Core" },
];
export const LOAD_TYPES = [
  { id: "barbell", name: "Barbell (total load)" },
  { id: "dumbbell", name: "Dumbbell (per hand)" },
  { id: "bodyweight", name: "Bodyweight plus added weight" },
  { id: "machine", name: "Machine or cable" },
];
const STANDARDS = [
  { id: "", name: "No standards" },
  { id: "1rm_kg", name: "1RM in kg" },
  { id: "added_kg", name: "Added weight in kg" },
  { id: "reps", name: "Bodyweight reps" },
];

const nameOf = (choices, id) => choices.find((c) => c.id === id)?.name ?? id;
// a catalogue exercise has dozens of aliases: the list shows a few, the edit page all of them
const SHOWN_ALIASES = 3;
const fewAliases = (aliases = []) =>
  aliases.length > SHOWN_ALIASES
    ? `${aliases.slice(0, SHOWN_ALIASES).join(", ")} +${aliases.length - SHOWN_ALIASES} more`
    : aliases.join(", ");

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Name, slug, alias" />,
  <SelectInput key="category" source="category" choices={CATEGORIES} />,
  <SelectInput key="load_type" source="load_type" choices={LOAD_TYPES} />,
  <NullableBooleanInput key="has_standards" source="has_standards" label="Has standards" />,
  <NullableBooleanInput key="own" source="own" label="A lifter's own" />,
];

export const ExerciseList = () => (
  <List filters={filters} sort={{ field: "name", order: "ASC" }} perPage={25}>
    <Responsive
      small={
        <SimpleList
          primaryText={(r) => r.name}
          secondaryText={(r) => `${r.slug} · ${nameOf(CATEGORIES, r.category)} · ${r.load_type}`}
          tertiaryText={(r) => `MET ${r.met_value}${r.has_standards ? " · standards" : ""}`}
          linkType="edit"
        />
      }
    >
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="name" />
      <TextField source="slug" />
      <SelectField source="category" choices={CATEGORIES} />
      <SelectField source="load_type" choices={LOAD_TYPES} label="Load" />
      <NumberField source="met_value" label="MET" />
      <BooleanField source="has_standards" label="Standards" sortable={false} />
      <TextField source="owner_email" label="Owner" emptyText="catalogue" sortable={false} />
      <FunctionField
        label="Aliases"
        render={(record) => fewAliases(record.aliases ?? [])}
        sortable={false}
      />
    </Datagrid>
    </Responsive>
  </List>
);

const aliasesFormat = (value) => (Array.isArray(value) ? value.join(", ") : (value ?? ""));
const aliasesParse = (value) =>
  (value ?? "")
    .split(",")
    .map((alias) => alias.trim())
    .filter(Boolean);

const ExerciseForm = () => (
  <SimpleForm>
    <TextInput source="name" validate={required()} />
    <TextInput source="slug" validate={required()} helperText="Lowercase words joined by dashes, e.g. bench-press" />
    <TextInput source="name_ko" label="Korean name" />
    <SelectInput source="category" choices={CATEGORIES} validate={required()} />
    <SelectInput source="load_type" choices={LOAD_TYPES} validate={required()} />
    <SelectInput source="equipment" choices={EQUIPMENT} emptyValue="other" />
    <TextInput
      source="primary_muscles"
      label="Primary muscles"
      helperText="Comma-separated, e.g. quadriceps,glutes"
    />
    <NumberInput source="met_value" label="MET value" step={0.1} min={1} max={20} validate={required()} />
    <TextInput source="met_code" label="Compendium code" />
    <SelectInput source="standards" choices={STANDARDS} emptyValue="" />
    <TextInput
      source="aliases"
      format={aliasesFormat}
      parse={aliasesParse}
      helperText="Comma-separated: what lifters may type in the bot"
      fullWidth
    />
  </SimpleForm>
);

// A lifter's own exercise merges into a catalogue exercise: its sets move, the own one goes.
const MergeBox = () => {
  const record = useRecordContext();
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const redirect = useRedirect();
  const [into, setInto] = useState("");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  if (!record?.owner) return null;

  const merge = async () => {
    setBusy(true);
    try {
      const { data } = await dataProvider.exerciseMerge(record.id, into.trim(), reason);
      notify(`Merged into ${data.into}: ${data.sets_moved} sets moved`, { type: "info" });
      redirect("list", "exercises");
    } catch (error) {
      notify(error.message, { type: "error" });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ p: 2 }}>
      <Typography variant="subtitle1">Own exercise of {record.owner_email ?? `user ${record.owner}`}</Typography>
      <Stack direction={{ xs: "column", sm: "row" }} spacing={1} sx={{ mt: 1 }}>
        <MuiTextField
          size="small"
          label="Merge into (catalogue slug)"
          value={into}
          onChange={(event) => setInto(event.target.value)}
        />
        <MuiTextField
          size="small"
          label="Reason"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <MuiButton variant="contained" disabled={busy || !into.trim()} onClick={merge}>
          Merge
        </MuiButton>
      </Stack>
    </Box>
  );
};

export const ExerciseEdit = () => (
  <Edit mutationMode="pessimistic">
    <MergeBox />
    <ExerciseForm />
  </Edit>
);

export const ExerciseCreate = () => (
  <Create redirect="list">
    <ExerciseForm />
  </Create>
);
