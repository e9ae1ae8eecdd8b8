import { Admin, Resource, defaultTheme } from "react-admin";
import polyglotI18nProvider from "ra-i18n-polyglot";
import englishMessages from "ra-language-english";
import PeopleIcon from "@mui/icons-material/People";
import FitnessCenterIcon from "@mui/icons-material/FitnessCenter";
import ListAltIcon from "@mui/icons-material/ListAlt";
import ForumIcon from "@mui/icons-material/Forum";
import HistoryIcon from "@mui/icons-material/History";
import InsightsIcon from "@mui/icons-material/Insights";
import { authProvider } from "./authProvider.js";
import { dataProvider } from "./dataProvider.js";
import { Dashboard } from "./Dashboard.jsx";
import { UserEdit, UserList, UserShow } from "./users.jsx";
import { ExerciseCreate, ExerciseEdit, ExerciseList } from "./exercises.jsx";
import { SetEdit, SetList } from "./sets.jsx";
import { InquiryList, InquiryShow } from "./inquiries.jsx";
import { AuditLogList, AuditLogShow } from "./auditLog.jsx";
import { DailyStatsList } from "./dailyStats.jsx";

const messages = {
  ...englishMessages,
  ra: { ...englishMessages.ra, auth: { ...englishMessages.ra.auth, username: "Email" } },
};
const i18nProvider = polyglotI18nProvider(() => messages, "en", [{ locale: "en", name: "English" }], {
  allowMissing: true,
});

const theme = {
  ...defaultTheme,
  palette: { ...defaultTheme.palette, primary: { main: "#b91c1c" }, secondary: { main: "#111827" } },
};

export const App = () => (
  <Admin
    title="SBD Animal back office"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    dashboard={Dashboard}
    theme={theme}
    requireAuth
    disableTelemetry
  >
    <Resource name="users" list={UserList} show={UserShow} edit={UserEdit} icon={PeopleIcon} recordRepresentation="email" />
    <Resource name="sets" list={SetList} edit={SetEdit} icon={ListAltIcon} options={{ label: "Sets" }} />
    <Resource name="inquiries" list={InquiryList} show={InquiryShow} icon={ForumIcon} recordRepresentation="title" />
    <Resource name="exercises" list={ExerciseList} edit={ExerciseEdit} create={ExerciseCreate} icon={FitnessCenterIcon} recordRepresentation="name" />
    <Resource name="audit-log" list={AuditLogList} show={AuditLogShow} icon={HistoryIcon} options={{ label: "Audit log" }} />
    <Resource name="daily-stats" list={DailyStatsList} icon={InsightsIcon} options={{ label: "Daily stats" }} />
  </Admin>
);
