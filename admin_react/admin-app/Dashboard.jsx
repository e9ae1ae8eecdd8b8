import { useEffect, useState } from "react";
import {
  Alert,
  Box,
  Card,
  CardContent,
  CircularProgress,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from "@mui/material";
import { Title, useDataProvider } from "react-admin";
import { Link } from "react-router-dom";

function duration(seconds) {
  if (seconds == null) return "—";
  const hours = seconds / 3600;
  if (hours >= 24) return `${(hours / 24).toFixed(1)} d`;
  if (hours >= 1) return `${hours.toFixed(1)} h`;
  return `${Math.round(seconds / 60)} min`;
}

const Stat = ({ label, value, to, testId }) => (
  <Card sx={{ flex: "1 1 160px" }}>
    <CardContent>
      <Typography variant="overline" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h4" data-testid={testId}>
        {to ? (
          <Link to={to} style={{ color: "inherit", textDecoration: "none" }}>
            {value}
          </Link>
        ) : (
          value
        )}
      </Typography>
    </CardContent>
  </Card>
);

/** Sets per day as bars: one bar per day of the window, days without sets included. */
const Bars = ({ perDay, since, days }) => {
  const counts = new Map(perDay.map((row) => [row.day, row.count]));
  const start = new Date(since);
  const series = Array.from({ length: days }, (_, i) => {
    const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + i + 1));
    const key = day.toISOString().slice(0, 10);
    return { key, count: counts.get(key) ?? 0 };
  });
  const max = Math.max(1, ...series.map((d) => d.count));
  return (
    <Box sx={{ display: "flex", alignItems: "flex-end", gap: "2px", height: 140, mt: 1 }}>
      {series.map((d) => (
        <Box
          key={d.key}
          title={`${d.key}: ${d.count} sets`}
          sx={{
            flex: 1,
            minWidth: 2,
            height: `${(d.count / max) * 100}%`,
            minHeight: 2,
            bgcolor: d.count ? "primary.main" : "grey.300",
            borderRadius: "2px 2px 0 0",
          }}
        />
      ))}
    </Box>
  );
};

export const Dashboard = () => {
  const dataProvider = useDataProvider();
  const [days, setDays] = useState(30);
  const [stats, setStats] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    let live = true;
    setError(null);
    dataProvider.dashboard(days).then(
      ({ data }) => live && setStats(data),
      (err) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [dataProvider, days]);

  return (
    <Box sx={{ py: 2 }}>
      <Title title="Dashboard" />
      <Stack direction="row" sx={{ mb: 2, alignItems: "center", justifyContent: "space-between" }}>
        <Typography variant="h5" noWrap>
          Back office
        </Typography>
        <TextField select size="small" label="Period" sx={{ width: 180, flexShrink: 0 }} value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {[7, 30, 90, 365].map((d) => (
            <MenuItem key={d} value={d}>
              Last {d} days
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      {!stats && !error && <CircularProgress />}
      {stats && (
        <Stack spacing={2}>
          <Stack direction="row" useFlexGap spacing={2} sx={{ flexWrap: "wrap" }}>
            <Stat label="New users" value={stats.new_users} to="/users" testId="stat-new-users" />
            <Stat label="Active lifters" value={stats.active_lifters} />
            <Stat label="Sets logged" value={stats.sets} to="/sets" testId="stat-sets" />
            <Stat label="Open inquiries" value={stats.open_inquiries} to="/inquiries" testId="stat-open-inquiries" />
            <Stat label="Unanswered" value={stats.unanswered_inquiries} />
            <Stat label="Median answer" value={duration(stats.median_first_answer_seconds)} />
          </Stack>
          <Stack direction={{ xs: "column", md: "row" }} spacing={2}>
            <Card sx={{ flex: 3 }}>
              <CardContent>
                <Typography variant="subtitle1">Sets per day</Typography>
                <Bars perDay={stats.sets_per_day} since={stats.since} days={stats.days} />
              </CardContent>
            </Card>
            <Card sx={{ flex: 2 }}>
              <CardContent>
                <Typography variant="subtitle1">Top exercises</Typography>
                <Table size="small">
                  <TableHead>
                    <TableRow>
                      <TableCell>Exercise</TableCell>
                      <TableCell align="right">Sets</TableCell>
                      <TableCell align="right">Lifters</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {stats.top_exercises.map((row) => (
                      <TableRow key={row.exercise}>
                        <TableCell>{row.exercise_name}</TableCell>
                        <TableCell align="right">{row.set_count}</TableCell>
                        <TableCell align="right">{row.lifter_count}</TableCell>
                      </TableRow>
                    ))}
                    {!stats.top_exercises.length && (
                      <TableRow>
                        <TableCell colSpan={3}>No sets in this period.</TableCell>
                      </TableRow>
                    )}
                  </TableBody>
                </Table>
              </CardContent>
            </Card>
          </Stack>
        </Stack>
      )}
    </Box>
  );
};
