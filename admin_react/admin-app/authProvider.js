// Login against the cookie-JWT API; only staff get in (checked against the back-office API).
import { request } from "./http.js";

const STAFF_KEY = "sbd-admin-staff";
export const NOT_STAFF = "This account is not staff: the back office is for staff only.";

async function endSession() {
  localStorage.removeItem(STAFF_KEY);
  try {
    await request("/api/auth/logout/", { method: "POST" }, { retry: false });
  } catch {
    // already logged out
  }
}

export const authProvider = {
  async login({ username, password }) {
    let profile;
    try {
      ({ json: profile } = await request(
        "/api/auth/login/",
        { method: "POST", body: { email: username, password } },
        { retry: false },
      ));
    } catch (error) {
      if (error.status === 429) throw new Error("Too many attempts: wait a minute and try again.");
      throw new Error(error.message || "Wrong email or password.");
    }
    try {
      await request(`/api/backoffice/users/${profile.id}/`, {}, { retry: false });
    } catch (error) {
      await endSession();
      throw new Error(error.status === 403 ? NOT_STAFF : error.message);
    }
    localStorage.setItem(STAFF_KEY, JSON.stringify({ id: profile.id, email: profile.email }));
  },

  async logout() {
    await endSession();
  },

  async checkAuth() {
    if (!localStorage.getItem(STAFF_KEY)) throw new Error("Please log in.");
  },

  async checkError(error) {
    // 401: the session is over (the refresh was tried already). A 403 is one refused action
    // (e.g. only a superuser grants staff): say it, stay logged in.
    if (error?.status === 401) {
      localStorage.removeItem(STAFF_KEY);
      throw new Error("Your session has ended: log in again.");
    }
  },

  async getIdentity() {
    const { json } = await request("/api/profile/");
    return { id: json.id, fullName: json.display_name || json.email, avatar: json.avatar };
  },

  async getPermissions() {
    return "staff";
  },
};
