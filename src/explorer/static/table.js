/* global setTimeout, clearTimeout */
/**
 * idsync explore: a table the server pages, sorts and filters (see src/explorer/tables.ts):
 * the page draws one page of rows, however many there are. Its search, first row and sort are
 * kept in the address (`q`, `o`, `s`), so a copied link, Back after choosing a row, or a reload
 * come back to the same page of the same search. A CSV link downloads the whole table.
 */
import { el, rangeText } from "./render.js";
import { api, apiUrl, errorBox, page, remember } from "./shared.js";

/** Rows per page: enough to scan, few enough to draw at once on a phone. */
export const PAGE_SIZE = 50;

/**
 * `path` and `params` name the table on the server; `columns` are `[heading, cell, sortKey]`,
 * `sortKey` the server's column to sort by (none: not sortable). `onLoad(result)` sees each
 * answer (for counts shown elsewhere). Returns the element, which fills itself in.
 */
export function pagedTable({
  path,
  params,
  columns,
  label,
  empty = "None.",
  rowClass,
  onLoad,
  itemsKey = "items",
  prefix = "",
  csv = true,
}) {
  const box = el("div", { class: "paged" });
  const list = el("div", { class: "list", "aria-live": "polite" });
  // A view with two tables keeps the second one's state under its own keys (`hq`, `ho`, `hs`).
  const [Q, O, S] = [`${prefix}q`, `${prefix}o`, `${prefix}s`];
  let q = page.state[Q] ?? "";
  let s = page.state[S] ?? "";
  let offset = Number(page.state[O]) || 0;
  let generation = 0;

  const refresh = async () => {
    const mine = ++generation;
    list.setAttribute("aria-busy", "true");
    try {
      const result = await api(path, { ...params, q, sort: s, offset, limit: PAGE_SIZE });
      if (mine !== generation) return;
      onLoad?.(result);
      const turn = (to) => () => {
        offset = Math.max(0, to);
        remember({ [O]: offset ? String(offset) : undefined });
        void refresh();
      };
      const pager = el(
        "p",
        { class: "pager" },
        el("button", { type: "button", disabled: offset === 0, on: { click: turn(offset - PAGE_SIZE) } }, "Previous"),
        el("span", {}, rangeText(offset, result.count, result.total)),
        el(
          "button",
          { type: "button", disabled: offset + result.count >= result.total, on: { click: turn(offset + PAGE_SIZE) } },
          "Next",
        ),
        csv
          ? el(
              "a",
              { href: apiUrl(path, { ...params, q, sort: s, format: "csv" }), download: "", class: "csv" },
              "Download CSV",
            )
          : null,
      );
      list.replaceChildren(scrollBox(grid(columns, result[itemsKey], empty, rowClass)), pager);
    } catch (error) {
      if (mine === generation) list.replaceChildren(errorBox(error.message));
    } finally {
      if (mine === generation) list.removeAttribute("aria-busy");
    }
  };

  /** The table, with a sort button in each sortable heading: ascending, then descending. */
  const grid = (cols, rows, emptyText, marks) => {
    if (rows.length === 0) return el("p", { class: "muted" }, emptyText);
    const head = cols.map(([title, , key]) => {
      if (!key) return el("th", { scope: "col" }, title);
      const sorted = s === key ? "ascending" : s === `-${key}` ? "descending" : undefined;
      const next = s === key ? `-${key}` : key;
      const button = el(
        "button",
        {
          type: "button",
          class: "sort",
          on: { click: () => ((s = next), (offset = 0), remember({ [S]: next, [O]: undefined }), void refresh()) },
        },
        title,
        sorted ? (sorted === "ascending" ? " ▲" : " ▼") : "",
      );
      return el("th", { scope: "col", "aria-sort": sorted }, button);
    });
    const body = rows.map((row) =>
      el(
        "tr",
        { class: marks?.(row) },
        cols.map(([title, cell]) => el("td", { "data-label": title }, cell(row))),
      ),
    );
    return el("table", {}, el("thead", {}, el("tr", {}, head)), el("tbody", {}, body));
  };

  let timer;
  const input = el("input", {
    type: "search",
    value: q,
    placeholder: "Filter",
    "aria-label": label,
    on: {
      input: () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          q = input.value.trim();
          offset = 0;
          remember({ [Q]: q || undefined, [O]: undefined });
          void refresh();
        }, 250);
      },
    },
  });
  box.append(el("div", { class: "search" }, input), list);
  void refresh();
  return box;
}

/** A wide table scrolls inside its own box, never the page. */
export const scrollBox = (content) => el("div", { class: "scroll" }, content);
