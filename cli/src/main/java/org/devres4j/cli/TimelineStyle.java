package org.devres4j.cli;

/**
 * The inline style sheet and script of a {@link TimelineHtml} page: no {@code <} or {@code &} in either, so
 * the page stays well-formed XML; no external resources. The style sheet draws everything; the script only
 * shows a bar's, a marker's or a finding's details in one floating box on hover and keyboard focus (without
 * it, the same details are each element's {@code title}).
 *
 * <p><b>Lifetime / order / concurrency:</b> constants.
 */
final class TimelineStyle {

    private TimelineStyle() {
    }

    static final String STYLE = """
            body { font: 13px/1.35 system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 14px 18px; color: #1f2328; background: #fff; }
            h1 { font-size: 19px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 16px 0 6px; }
            .scn { font-family: ui-monospace, Menlo, Consolas, monospace; }
            .header .run { margin: 2px 0 4px; } .rname { font: 600 13px ui-monospace, monospace; }
            .facts { margin: 2px 0; display: inline; } .fact { margin-right: 12px; color: #57606a; } .fact b { color: #1f2328; }
            .outcome { padding: 1px 9px; border-radius: 10px; color: #fff; font-weight: 600; margin-right: 10px; }
            .o-clean { background: #1a7f37; } .o-reports { background: #cf222e; } .o-scenario_error, .o-error { background: #bf8700; } .o-watch { background: #57606a; }
            .problem { color: #9a6700; background: #fff8c5; padding: 3px 8px; border-left: 4px solid #bf8700; margin: 4px 0; }
            ol.findings { margin: 4px 0 2px; padding-left: 0; list-style: none; }
            ol.findings li { margin: 1px 0; } a.flink { color: #82071e; text-decoration: none; } a.flink:hover { text-decoration: underline; }
            .fx { color: #cf222e; font-weight: 900; } .fwhen { color: #57606a; }
            .legend { margin: 6px 0 8px; display: flex; flex-wrap: wrap; gap: 4px 16px; color: #57606a; font-size: 12px; align-items: center; }
            .lg { display: inline-flex; align-items: center; gap: 5px; }
            .sw { display: inline-block; width: 22px; height: 9px; border-radius: 2px; }
            .sw.open { background: repeating-linear-gradient(45deg, #8c959f 0 4px, #d0d7de 4px 7px); }
            .sw.oversw { background: repeating-linear-gradient(135deg, rgba(207,34,46,.85) 0 4px, rgba(207,34,46,.35) 4px 8px); }
            .sw.ghostsw { border: 1.5px dashed #1a7f37; background: rgba(26,127,55,.12); height: 6px; }
            .panel { margin: 6px 0 14px; } .ptitle { margin: 10px 0 2px; font-family: ui-monospace, monospace; }
            .scroll { overflow-x: auto; border: 1px solid #d0d7de; border-radius: 6px; }
            .gantt { position: relative; padding-bottom: 6px; }
            .axis { position: relative; height: 44px; background: #f6f8fa; border-bottom: 1px solid #d0d7de; }
            .axlabel { position: absolute; left: 0; width: 290px; text-align: right; color: #8c959f; font-size: 11px; top: 3px; }
            .col { position: absolute; top: 0; height: 44px; box-sizing: border-box; border-left: 1px solid #d0d7de; padding: 2px 4px; overflow: hidden; font-size: 11px; }
            .col b { font-size: 12px; } .col .cs { display: block; color: #57606a; font-family: ui-monospace, monospace; font-size: 10.5px; line-height: 1.2; max-height: 2.5em; overflow: hidden; }
            .col.gapcol, .stripe.gapcol { background: repeating-linear-gradient(90deg, #f6f8fa 0 3px, #eaeef2 3px 6px); }
            .mstrip { position: relative; border-bottom: 1px solid #eaeef2; }
            .mtag { position: absolute; height: 14px; line-height: 14px; font-size: 10.5px; padding: 0 4px; border-radius: 3px; white-space: nowrap; color: #fff; margin-top: 2px; cursor: default; }
            .lanes { position: relative; }
            .stripe { position: absolute; top: 0; bottom: 0; } .stripe.odd { background: #f6f8fa; }
            .mline { position: absolute; top: 0; bottom: 0; width: 0; border-left: 1.5px solid; opacity: .55; z-index: 1; }
            .m-plug { border-color: #bc4c00; } .mtag.m-plug { background: #bc4c00; }
            .m-bind { border-color: #0969da; } .mtag.m-bind { background: #0969da; }
            .m-unbind { border-color: #0550ae; border-left-style: dashed; } .mtag.m-unbind { background: #0550ae; }
            .m-unplug { border-color: #cf222e; } .mtag.m-unplug { background: #cf222e; }
            .m-remove { border-color: #57606a; border-left-style: dashed; } .mtag.m-remove { background: #57606a; }
            .m-last-put { border-color: #8250df; border-left-style: dashed; } .mtag.m-last-put { background: #8250df; }
            .m-final-free { border-color: #512a97; } .mtag.m-final-free { background: #512a97; }
            .lane { position: relative; }
            .lhead { position: relative; height: 22px; border-top: 1px solid #d0d7de; }
            .row { position: relative; height: 17px; }
            .row.tall { height: 30px; }
            .rlabel { position: absolute; left: 0; width: 286px; padding-left: 8px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font: 11.5px/17px ui-monospace, Menlo, Consolas, monospace; z-index: 2; }
            .lhead .rlabel { font: 12px/22px system-ui, sans-serif; } .lkind { color: #57606a; font-size: 11px; }
            .lane.haserr .lhead .rlabel b { color: #cf222e; }
            .ord { color: #8c959f; } .hwtag { font-size: 9.5px; background: #bc4c00; color: #fff; border-radius: 2px; padding: 0 3px; }
            .bar { position: absolute; top: 3px; height: 11px; border-radius: 2px; z-index: 2; cursor: default; }
            .lhead .bar.self { top: 5px; height: 12px; opacity: .3; }
            .bar.open { background-image: repeating-linear-gradient(45deg, transparent 0 4px, rgba(255,255,255,.6) 4px 7px); }
            .bar.dropped { border-right: 3px double #1f2328; } .bar.failed { border-right: 3px solid #cf222e; }
            .bar.before { border-top-left-radius: 0; border-bottom-left-radius: 0; opacity: .6; }
            .bar.err { box-shadow: 0 0 0 2px #cf222e; }
            .over { position: absolute; top: 1px; height: 15px; z-index: 3; pointer-events: none; border-radius: 2px;
                    background: repeating-linear-gradient(135deg, rgba(207,34,46,.85) 0 4px, rgba(207,34,46,.35) 4px 8px); }
            .bar:focus, .bar.hl, .bar:target { outline: 3px solid #ffd33d; outline-offset: 1px; }
            .bar.k-dev { background-color: #0969da; } .bar.k-drm { background-color: #8250df; } .bar.k-oth { background-color: #1b7c83; }
            .bar.k-usr { background-color: #1a7f37; } .bar.k-hw { background-color: #bc4c00; }
            .sw.k-dev { background: #0969da; } .sw.k-drm { background: #8250df; } .sw.k-oth { background: #1b7c83; } .sw.k-usr { background: #1a7f37; } .sw.k-hw { background: #bc4c00; }
            .lane.k-dev .lhead { background: rgba(9,105,218,.07); } .lane.k-drm .lhead { background: rgba(130,80,223,.08); }
            .lane.k-oth .lhead { background: rgba(27,124,131,.08); } .lane.k-usr .lhead { background: rgba(26,127,55,.08); }
            .ghost { position: absolute; top: 17px; height: 7px; border: 1.5px dashed #1a7f37; border-radius: 2px; background: rgba(26,127,55,.13); z-index: 1; box-sizing: border-box; }
            .ghost.gself { top: 2px; height: 18px; }
            .gwhy { position: absolute; left: 100%; margin-left: 5px; top: -5px; font-size: 10.5px; color: #1a7f37; white-space: nowrap; font-weight: 600; }
            .gwhy.inside { left: auto; right: 4px; margin-left: 0; background: rgba(255,255,255,.88); padding: 0 3px; }
            a.x { position: absolute; top: 0; margin-left: -8px; width: 16px; text-align: center; color: #cf222e; font-weight: 900; font-size: 17px; line-height: 17px; text-decoration: none; z-index: 4; text-shadow: 0 0 3px #fff, 0 0 3px #fff; }
            .row.orphan { height: 20px; background: #fff5f5; }
            .tip { display: none; }
            .tipbox { display: none; position: fixed; z-index: 10; max-width: 560px; background: #fff; border: 1px solid #8c959f; border-radius: 6px; box-shadow: 0 4px 14px rgba(0,0,0,.18); padding: 6px 9px; font-size: 12px; line-height: 1.45; }
            .tipbox.on { display: block; }
            .tipbox code { font-weight: 700; } .tipbox .tl { color: #57606a; } .tipbox .td { color: #57606a; } .tipbox .tx { color: #cf222e; font-weight: 600; } .tipbox .tg { color: #1a7f37; }
            .reports { margin-top: 10px; }
            .report { border: 2px solid #cf222e; border-left-width: 8px; background: #fff5f4; border-radius: 4px; padding: 7px 12px; margin: 8px 0; }
            .report:target { box-shadow: 0 0 0 4px #ffd33d; }
            .rtitle { font-weight: 700; color: #a40e26; font-size: 14px; margin-bottom: 4px; }
            .rkind { font-family: ui-monospace, monospace; background: #cf222e; color: #fff; padding: 0 6px; border-radius: 3px; font-size: 12px; }
            .rwhen { color: #57606a; font-weight: 400; } a.back { font-weight: 400; font-size: 12px; margin-left: 10px; }
            .report dl { display: grid; grid-template-columns: 8em 1fr; gap: 2px 10px; margin: 0; }
            .report dt { font-weight: 600; color: #57606a; } .report dd { margin: 0; white-space: pre-wrap; }
            ol.chain { margin: 0; padding-left: 1.4em; }
            details.logbox { margin-top: 14px; } details.logbox > summary { font-size: 15px; font-weight: 600; cursor: pointer; }
            .log { font: 11.5px/1.4 ui-monospace, Menlo, Consolas, monospace; margin-top: 4px; }
            .lr { display: grid; grid-template-columns: 3em 8em 10em 3.5em minmax(14em, 1.1fr) 2fr 1.2em; gap: 0 8px; padding: 0 6px; border-bottom: 1px solid #eef1f4; border-left: 4px solid transparent; }
            .lr .n { text-align: right; color: #57606a; } .lr .v { font-weight: 700; } .lr .d { color: #57606a; white-space: pre-wrap; } .lr .nm { white-space: pre-wrap; }
            .lr.step { display: block; background: #24292f; color: #fff; font-weight: 600; padding: 2px 6px; }
            .lr.step .n { display: inline-block; width: 3em; color: #fff; margin-right: 8px; } .lr.step .where { color: #afb8c1; font-weight: 400; margin-left: 10px; }
            .lr.gap { display: block; color: #57606a; font-style: italic; background: #f6f8fa; }
            .lr.k-dev { border-left-color: #0969da; } .lr.k-drm { border-left-color: #8250df; } .lr.k-oth { border-left-color: #1b7c83; }
            .lr.k-usr { border-left-color: #1a7f37; } .lr.k-hw { border-left-color: #bc4c00; } .lr.k-wld { border-left-color: #d0d7de; }
            .lr.k-san { border-left-color: #cf222e; background: #ffebe9; color: #82071e; }
            details.book > summary { color: #57606a; font-style: italic; padding-left: 4.5em; cursor: pointer; font-size: 11px; }
            details.book .lr { opacity: .75; }
            .note { color: #57606a; font-size: 11px; margin-top: 12px; }
            """;

    static final String SCRIPT = """
            <script>
            (function () {
              var tip = document.getElementById('tip');
              function place(el) {
                var r = el.getBoundingClientRect();
                var left = Math.max(4, Math.min(r.left, window.innerWidth - tip.offsetWidth - 8));
                var top = r.bottom + 6;
                if (top + tip.offsetHeight + 4 > window.innerHeight) {
                  top = Math.max(4, r.top - tip.offsetHeight - 6);
                }
                tip.style.left = left + 'px';
                tip.style.top = top + 'px';
              }
              function show(el) {
                var src = el.querySelector('.tip');
                if (!src) {
                  return;
                }
                tip.innerHTML = src.innerHTML;
                tip.classList.add('on');
                place(el);
                var target = el.dataset.for ? document.getElementById(el.dataset.for) : null;
                if (target) {
                  target.classList.add('hl');
                }
              }
              function hide() {
                tip.classList.remove('on');
                document.querySelectorAll('.hl').forEach(function (b) { b.classList.remove('hl'); });
              }
              document.querySelectorAll('.bar, a.x, .mtag').forEach(function (el) {
                if (el.title) {
                  el.dataset.title = el.title;
                  el.removeAttribute('title');
                }
                el.addEventListener('mouseenter', function () { show(el); });
                el.addEventListener('focus', function () { show(el); });
                el.addEventListener('mouseleave', hide);
                el.addEventListener('blur', hide);
              });
              window.addEventListener('scroll', hide, true);
              document.body.classList.add('js');
            })();
            </script>
            """;
}
