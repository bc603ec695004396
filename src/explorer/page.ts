// The explorer's index.html: a shell that app.ts (bundled as explorer.js) fills in.
export const EXPLORER_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>sae.js explorer</title><link rel="icon" href="data:,">
<style>
:root{--fg:#1d2330;--muted:#687086;--line:#e2e5ec;--accent:#3b6fd4;--bg:#fff}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
header{padding:12px 24px;border-bottom:1px solid var(--line);display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 24px}
header h1{font-size:18px;margin:0}#subtitle,#status{color:var(--muted);font-size:12.5px}#status.error{color:#b3261e}
nav a{margin-right:14px;color:var(--fg);text-decoration:none;padding:3px 0}nav a.on{border-bottom:2px solid var(--accent);font-weight:600}
main{padding:8px 24px 40px;max-width:1280px}h2{font-size:17px;margin:14px 0 6px}h3{font-size:14px;margin:14px 0 6px}
.muted{color:var(--muted)}.error{color:#b3261e}.bar-row{display:flex;gap:10px;align-items:center;flex-wrap:wrap;margin:8px 0}
input[type=search],#addf{flex:1;min-width:260px;padding:6px 8px;border:1px solid #c8ccd6;border-radius:6px;font:inherit}
button,select{font:inherit;padding:5px 10px;border:1px solid #c8ccd6;border-radius:6px;background:#f6f7fa;cursor:pointer}
table.features{border-collapse:collapse;width:100%}table.features th{text-align:left;font-weight:600;color:var(--muted);border-bottom:1px solid var(--line);padding:4px 8px}
table.features td{padding:4px 8px;border-bottom:1px solid var(--line)}table.features tr[data-f]{cursor:pointer}table.features tr[data-f]:hover{background:#f3f6fc}
.idx{font-variant-numeric:tabular-nums;color:var(--accent);white-space:nowrap}.num,.score{font-variant-numeric:tabular-nums;color:var(--muted)}
td.dens{width:190px;white-space:nowrap;font-variant-numeric:tabular-nums}.bar{display:inline-block;height:8px;background:#9db7ea;border-radius:2px;margin-right:6px;max-width:90px;vertical-align:middle}
td.dens .bar{width:0}.clean{background:#e3f4e6;color:#1e6b33;border-radius:4px;padding:0 5px;font-size:11.5px}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:24px}@media(max-width:900px){.cols{grid-template-columns:1fr}}
ol.docs{padding-left:22px;margin:0}ol.docs li{margin:0 0 7px}.doc-title{font-weight:600}.doc-text{color:#3d4456}.act{white-space:nowrap;font-variant-numeric:tabular-nums;color:var(--muted)}
.slider{display:grid;grid-template-columns:64px minmax(120px,280px) 1fr 64px 28px;gap:8px;align-items:center;margin:3px 0}
.slider .label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.slider input{width:100%}.slider output{font-variant-numeric:tabular-nums}
.rm{padding:0 6px}ul.matches{list-style:none;padding:0;margin:4px 0}ul.matches li{margin:3px 0}
ul.tree{padding-left:18px}ul.tree ul{padding-left:18px;border-left:1px dashed #c8ccd6}details{margin:4px 0}summary{cursor:pointer}
</style></head>
<body><header><h1 id="title">sae.js explorer</h1><nav><a href="#features">Features</a><a href="#search">Steered search</a><a href="#families">Families</a><a href="#density">Density</a><a id="suite-link" href="suite-report.html" target="_blank" rel="noopener" hidden>Suite report</a></nav>
<span id="subtitle"></span><span id="status">loading…</span></header>
<main id="app"></main>
<script type="module" src="explorer.js"></script>
</body></html>
`;
