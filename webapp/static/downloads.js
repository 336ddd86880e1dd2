// A download that takes seconds (the compliance PDF takes about five) says so: its link reads
// "Menyiapkan PDF…" (data-busy-label) and carries aria-busy until the file has arrived; a status line tells
// screen readers. Without this script the link is an ordinary download link.
"use strict";

document.addEventListener("click", async (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[data-busy-label]") : null;
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  if (link.getAttribute("aria-busy") === "true") return;
  const label = link.textContent;
  const status = document.getElementById("download-status");
  link.setAttribute("aria-busy", "true");
  link.textContent = link.dataset.busyLabel;
  if (status) status.textContent = link.dataset.busyLabel;
  try {
    const response = await fetch(link.href, { credentials: "same-origin" });
    if (!response.ok) {
      window.location.assign(link.href);  // the server's own error page says what is wrong
      return;
    }
    const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(response.headers.get("Content-Disposition") || "");
    const url = URL.createObjectURL(await response.blob());
    const save = document.createElement("a");
    save.href = url;
    save.download = named ? decodeURIComponent(named[1]) : "";
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch {
    window.location.assign(link.href);
  } finally {
    link.textContent = label;
    link.removeAttribute("aria-busy");
    if (status) status.textContent = "";
  }
});
