package org.devres4j.cli;

/**
 * The inline style sheet and script of a {@link TimelineHtml} page: no {@code <} or {@code &} in
 * either, so the page stays well-formed XML; no external resources.
 *
 * <p><b>Lifetime / order / concurrency:</b> constants.
 */
final class TimelineStyle {

    private TimelineStyle() {
    }

    static final String STYLE = """
            body { font: 13px/1.35 system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 16px 20px; color: #1f2328; }
            h1 { font-size: 20px; margin: 0 0 6px; } h2 { font-size: 15px; margin: 18px 0 6px; }
            .scn { font-family: ui-monospace, Menlo, Consolas, monospace; }
            .facts span { margin-right: 14px; }
            .outcome { padding: 2px 8px; border-radius: 10px; color: #fff; font-weight: 600; }
            .o-clean { background: #1a7f37; } .o-reports { background: #cf222e; } .o-scenario_error { background: #bf8700; }
            .problem { color: #9a6700; background: #fff8c5; padding: 4px 8px; border-left: 4px solid #bf8700; }
            .legend { margin: 10px 0; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
            .legend .lt { color: #57606a; margin-right: 4px; }
            .chip { padding: 2px 8px; border-radius: 4px; border-left: 6px solid; cursor: pointer; }
            table { border-collapse: collapse; }
            th, td { padding: 1px 6px; vertical-align: top; text-align: left; }
            th { background: #f6f8fa; border-bottom: 1px solid #d0d7de; font-weight: 600; }
            .owners td { border-bottom: 1px solid #eaeef2; }
            .owners td.left { color: #cf222e; font-weight: 700; }
            .timeline { width: 100%; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
            .timeline thead th { position: sticky; top: 0; z-index: 1; }
            .timeline tr.ev td { border-bottom: 1px solid #eef1f4; }
            .timeline tr.ev:hover td { outline: 1px solid #8c959f; }
            td.num { text-align: right; color: #57606a; width: 2.5em; }
            td.verb { font-weight: 700; white-space: nowrap; } td.own { white-space: nowrap; } td.ord { color: #57606a; }
            td.detail { color: #57606a; white-space: pre-wrap; } td.name { white-space: pre-wrap; }
            th.lane { writing-mode: vertical-rl; transform: rotate(180deg); font-size: 11px; padding: 4px 1px; max-height: 10em; }
            td.lane { width: 2.6em; min-width: 2.6em; text-align: center; border-left: 1px solid #eaeef2; background: #fff; white-space: nowrap; }
            td.lane small { color: #57606a; font-size: 10px; margin-left: 1px; }
            td.lane.hit b { font-size: 13px; }
            tr.step td { background: #24292f; color: #fff; padding: 3px 6px; font-weight: 600; }
            tr.step td.num { color: #fff; }
            tr.step .where { color: #afb8c1; font-weight: 400; }
            .k-dev { border-color: #0969da; } tr.k-dev td { background: #ddf4ff; } td.lane.on.k-dev { background: #b6e3ff; } th.k-dev { background: #b6e3ff; }
            .k-drm { border-color: #8250df; } tr.k-drm td { background: #fbefff; } td.lane.on.k-drm { background: #e6ccff; } th.k-drm { background: #e6ccff; }
            .k-oth { border-color: #1b7c83; } tr.k-oth td { background: #e6fbf9; } td.lane.on.k-oth { background: #b3f0ea; } th.k-oth { background: #b3f0ea; }
            .k-usr { border-color: #1a7f37; } tr.k-usr td { background: #dafbe1; } td.lane.on.k-usr { background: #aceebb; } th.k-usr { background: #aceebb; }
            .k-hw { border-color: #bc4c00; } tr.k-hw td { background: #fff1e5; }
            .k-san { border-color: #cf222e; } tr.k-san td { background: #ffebe9; color: #82071e; }
            .k-wld { border-color: #8c959f; } tr.k-wld td { background: #f6f8fa; }
            tr.ev td.lane { background: #fff; } tr.ev td.lane.on.k-dev { background: #b6e3ff; } tr.ev td.lane.on.k-drm { background: #e6ccff; }
            tr.ev td.lane.on.k-oth { background: #b3f0ea; } tr.ev td.lane.on.k-usr { background: #aceebb; }
            tr.rep td { background: #fff; padding: 6px 0 10px 3em; }
            .report { border: 2px solid #cf222e; border-left-width: 8px; background: #ffebe9; border-radius: 4px; padding: 8px 12px; font-family: system-ui, sans-serif; font-size: 13px; color: #1f2328; }
            .rtitle { font-weight: 700; color: #a40e26; font-size: 14px; margin-bottom: 4px; }
            .rkind { font-family: ui-monospace, monospace; background: #cf222e; color: #fff; padding: 0 6px; border-radius: 3px; font-size: 12px; }
            .rwhen { color: #57606a; font-weight: 400; }
            .report dl { display: grid; grid-template-columns: 8em 1fr; gap: 2px 10px; margin: 0; }
            .report dt { font-weight: 600; color: #57606a; } .report dd { margin: 0; white-space: pre-wrap; }
            ol.chain { margin: 0; padding-left: 1.4em; }
            .note { color: #57606a; font-size: 11px; margin-top: 14px; }
            body.hide-dev tr.ev.k-dev, body.hide-drm tr.ev.k-drm, body.hide-oth tr.ev.k-oth, body.hide-usr tr.ev.k-usr,
            body.hide-hw tr.ev.k-hw, body.hide-san tr.ev.k-san, body.hide-san tr.rep, body.hide-wld tr.ev.k-wld { display: none; }
            """;

    static final String SCRIPT = """
            <script>
            document.querySelectorAll('input[data-kind]').forEach(function (box) {
              box.addEventListener('change', function () {
                document.body.classList.toggle('hide-' + box.dataset.kind, !box.checked);
              });
            });
            </script>
            """;
}
