import { useMediaQuery } from "@mui/material";

/** `small` on phone widths, the children (usually a Datagrid) from tablets up. */
export const Responsive = ({ small, children }) => {
  const isSmall = useMediaQuery((theme) => theme.breakpoints.down("sm"));
  return isSmall ? small : children;
};
