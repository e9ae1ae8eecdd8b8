// react-admin data provider for the staff API at /api/backoffice/ (json-server-style paging:
// _start/_end/_sort/_order, total in X-Total-Count), plus the inquiry actions and the dashboard.
import { request } from "./http.js";

const API = "/api/backoffice";

function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    search.set(name, Array.isArray(value) ? value.join(",") : String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

function changed(data, previous) {
  if (!previous) return data;
  const diff = {};
  for (const [key, value] of Object.entries(data)) {
    if (JSON.stringify(value) !== JSON.stringify(previous[key])) diff[key] = value;
  }
  return diff;
}

async function list(resource, { pagination, sort, filter = {} }) {
  const { page = 1, perPage = 25 } = pagination ?? {};
  const params = {
    ...filter,
    _start: (page - 1) * perPage,
    _end: page * perPage,
    _sort: sort?.field,
    _order: sort?.order,
  };
  const { json, headers } = await request(`${API}/${resource}/${query(params)}`);
  return { data: json, total: Number(headers.get("X-Total-Count") ?? json.length) };
}

export const dataProvider = {
  getList: list,

  async getOne(resource, { id }) {
    const { json } = await request(`${API}/${resource}/${id}/`);
    return { data: json };
  },

  async getMany(resource, { ids }) {
    const { json } = await request(
      `${API}/${resource}/${query({ id: ids, _start: 0, _end: ids.length })}`,
    );
    return { data: json };
  },

  getManyReference(resource, { target, id, pagination, sort, filter }) {
    return list(resource, { pagination, sort, filter: { ...filter, [target]: id } });
  },

  async create(resource, { data }) {
    const { json } = await request(`${API}/${resource}/`, { method: "POST", body: data });
    return { data: json };
  },

  async update(resource, { id, data, previousData }) {
    const { json } = await request(`${API}/${resource}/${id}/`, {
      method: "PATCH",
      body: changed(data, previousData),
    });
    return { data: json };
  },

  async updateMany(resource, { ids, data }) {
    for (const id of ids) {
      await request(`${API}/${resource}/${id}/`, { method: "PATCH", body: data });
    }
    return { data: ids };
  },

  async delete(resource, { id, previousData, meta }) {
    await request(`${API}/${resource}/${id}/${query({ reason: meta?.reason })}`, {
      method: "DELETE",
    });
    return { data: previousData ?? { id } };
  },

  async deleteMany(resource, { ids, meta }) {
    for (const id of ids) {
      await request(`${API}/${resource}/${id}/${query({ reason: meta?.reason })}`, {
        method: "DELETE",
      });
    }
    return { data: ids };
  },

  async exerciseMerge(id, into, reason) {
    const body = { into, reason };
    const { json } = await request(`${API}/exercises/${id}/merge/`, { method: "POST", body });
    return { data: json };
  },

  async inquiryAction(id, action, body) {
    const { json } = await request(`${API}/inquiries/${id}/${action}/`, { method: "POST", body });
    return { data: json };
  },

  async dashboard(days = 30) {
    const { json } = await request(`${API}/dashboard/${query({ days })}`);
    return { data: json };
  },
};
