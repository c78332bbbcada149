/// The style of the dashboard's newer parts, appended to `HTML.styleSheet`: the current view's
/// summary strip and compact table, the trends view's small multiples, visible keyboard focus,
/// a layout that narrows from 1,280 px to half a laptop screen, and dark colours when the
/// system asks for them (`prefers-color-scheme`).
enum Theme {
    static let styleSheet = """
    :root { color-scheme: light dark; }
    a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible { outline: 2px solid #2f6fde; outline-offset: 2px; }
    header { flex-wrap: wrap; } main { max-width: 1280px; }
    .controls { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; margin: 0 0 10px; }
    .summary { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 12px; }
    .tile { background: #fff; border: 1px solid #e3e6ec; border-radius: 6px; padding: 6px 12px; }
    .tile strong { font-size: 18px; margin-right: 4px; } .tile.regressed strong { color: #b3261e; } .tile.improved strong { color: #1f7a35; }
    .tile.inconclusive strong { color: #8a6100; } .tile.regressed, .tile.improved, .tile.inconclusive { font-weight: normal; color: inherit; }
    .scroll { overflow-x: auto; max-width: 100%; } main svg { max-width: 100%; height: auto; }
    table.compact th, table.compact td { padding: 3px 8px; white-space: nowrap; } th.num { text-align: right; }
    th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; color: inherit; cursor: pointer; }
    th[aria-sort=ascending] button::after { content: " ▲"; } th[aria-sort=descending] button::after { content: " ▼"; }
    svg.spark { width: 64px; height: 18px; max-width: none; border: 0; background: none; vertical-align: middle; } svg.spark path { fill: none; stroke: #2f6fde; stroke-width: 1.5; }
    details.pick { max-height: 12em; overflow-y: auto; } details.pick label { display: inline-block; margin-right: 8px; }
    .panels { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 12px; }
    .panel { background: #fff; border: 1px solid #e3e6ec; border-radius: 6px; padding: 8px 10px; margin: 0; }
    .panel h2 { font-size: 14px; margin: 0 0 4px; } .panel svg { width: 100%; height: auto; border: 0; display: block; }
    .panel .readout { min-height: 1.4em; font-size: 12px; font-variant-numeric: tabular-nums; }
    .panel svg .raw { fill: none; stroke-width: 1; stroke-opacity: .55; } .panel svg .median { fill: none; stroke-width: 2; }
    .panel svg .cursor { stroke: #6b7385; stroke-width: 1; } .panel svg .brush { fill: #2f6fde; fill-opacity: .15; }
    .pager { display: flex; gap: 10px; align-items: center; margin: 4px 0 12px; }
    @media (max-width: 760px) { main { padding: 12px; } header { padding: 8px 12px; gap: 10px; } .panels { grid-template-columns: 1fr; } }
    @media (prefers-color-scheme: dark) {
      body { color: #e3e6ec; background: #12151b; } header { background: #0b0d11; }
      table, .card, .tile, .panel, svg { background: #1b1f27; } th { background: #252a34; } th, td { border-bottom-color: #2e3440; }
      .card, .tile, .panel, svg { border-color: #2e3440; } code { background: #252a34; } a { color: #8fb4ff; } .muted { color: #9aa3b5; }
      .regressed, .tile.regressed strong { color: #ff8a80; } .improved, .tile.improved strong { color: #7bd88f; } .inconclusive, .tile.inconclusive strong { color: #e7c160; }
      .badge { background: #2e3440; } .current { background: #1f4a2a; } .baseline { background: #24345c; } .inactive { background: #2a2a2a; color: #999; }
      svg text { fill: #9aa3b5; } svg.spark path { stroke: #8fb4ff; }
      input, select, button { color: #e3e6ec; background: #252a34; border: 1px solid #3a4150; }
    }

    """
}
