import { useEffect, useRef, useState } from "react";
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

/** The container's width in px, kept up to date (the chart draws in real pixels, not scaled). */
function useWidth() {
  const ref = useRef(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!ref.current) return undefined;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(ref.current);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** Round tick values from 0 to at least `max`: steps of 1, 2 or 5 × 10ⁿ, at most 5 intervals. */
export function niceTicks(max) {
  const top = Math.max(1, max);
  const magnitude = 10 ** Math.floor(Math.log10(top));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => Math.ceil(top / s) <= 5) ?? 10 * magnitude;
  const stepInt = Math.max(1, step);
  const count = Math.ceil(top / stepInt);
  return Array.from({ length: count + 1 }, (_, i) => i * stepInt);
}

const dayLabel = (key) =>
  new Date(`${key}T00:00:00Z`).toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });

const CHART = { height: 200, left: 44, right: 20, top: 8, bottom: 40 };

/** Sets per day as bars with both axes: one bar per day of the window, days without sets included. */
const Bars = ({ perDay, since, days }) => {
  const [ref, width] = useWidth();
  const counts = new Map(perDay.map((row) => [row.day, row.count]));
  const start = new Date(since);
  const series = Array.from({ length: days }, (_, i) => {
    const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + i + 1));
    const key = day.toISOString().slice(0, 10);
    return { key, count: counts.get(key) ?? 0 };
  });
  const ticks = niceTicks(Math.max(0, ...series.map((d) => d.count)));
  const top = ticks[ticks.length - 1];
  const { height, left, right, top: pad, bottom } = CHART;
  const plotWidth = Math.max(0, width - left - right);
  const plotHeight = height - pad - bottom;
  const slot = plotWidth / series.length;
  const y = (value) => pad + plotHeight - (value / top) * plotHeight;
  // a date label every `every` days, about one per 64 px
  const every = Math.max(1, Math.ceil(series.length / Math.max(1, Math.floor(plotWidth / 64))));
  return (
    // The svg is placed absolutely so that its width never props the page open (react-admin's
    // layout is as wide as its content): the box takes the card's width, the svg follows it.
    <Box ref={ref} sx={{ mt: 1, width: "100%", height, position: "relative" }}>
      {width > 0 && (
        <svg
          width={width}
          height={height}
          role="img"
          aria-label="Sets per day"
          data-testid="sets-per-day"
          style={{ position: "absolute", left: 0, top: 0 }}
        >
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={left} x2={width - right} y1={y(tick)} y2={y(tick)} stroke="#e5e7eb" />
              <text x={left - 6} y={y(tick)} dy="0.32em" textAnchor="end" fontSize="12" fill="#4b5563" data-testid="y-tick">
                {tick}
              </text>
            </g>
          ))}
          {series.map((d, i) => (
            <rect
              key={d.key}
              x={left + i * slot + Math.min(1, slot * 0.15)}
              width={Math.max(1, slot - 2 * Math.min(1, slot * 0.15))}
              y={y(d.count)}
              height={pad + plotHeight - y(d.count)}
              fill="#b91c1c"
            >
              <title>{`${d.key}: ${d.count} sets`}</title>
            </rect>
          ))}
          <line x1={left} x2={width - right} y1={pad + plotHeight} y2={pad + plotHeight} stroke="#4b5563" />
          <line x1={left} x2={left} y1={pad} y2={pad + plotHeight} stroke="#4b5563" />
          {series.map((d, i) =>
            (series.length - 1 - i) % every === 0 ? (
              <g key={d.key}>
                <line x1={left + (i + 0.5) * slot} x2={left + (i + 0.5) * slot} y1={pad + plotHeight} y2={pad + plotHeight + 4} stroke="#4b5563" />
                <text x={Math.min(left + (i + 0.5) * slot, width - 22)} y={pad + plotHeight + 16} textAnchor="middle" fontSize="12" fill="#4b5563" data-testid="x-tick">
                  {dayLabel(d.key)}
                </text>
              </g>
            ) : null,
          )}
          <text x={12} y={pad + plotHeight / 2} transform={`rotate(-90 12 ${pad + plotHeight / 2})`} textAnchor="middle" fontSize="12" fill="#4b5563">
            Sets
          </text>
          <text x={left + plotWidth / 2} y={height - 4} textAnchor="middle" fontSize="12" fill="#4b5563">
            Day (UTC)
          </text>
        </svg>
      )}
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
      <Stack direction="row" useFlexGap spacing={1} sx={{ mb: 2, alignItems: "center", justifyContent: "space-between", flexWrap: "wrap" }}>
        <Typography variant="h5" component="h1" data-testid="dashboard-title">
          Back office
        </Typography>
        <TextField select size="small" label="Period" fullWidth={false} sx={{ width: 180, flexShrink: 0 }} value={days} onChange={(e) => setDays(Number(e.target.value))}>
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
            <Card sx={{ flex: 3, minWidth: 0 }}>
              <CardContent>
                <Typography variant="subtitle1" component="h2" data-testid="sets-per-day-title">
                  Sets per day, last {stats.days} days
                </Typography>
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
