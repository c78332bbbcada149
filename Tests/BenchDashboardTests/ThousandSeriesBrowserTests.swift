import BenchTestSupport
import Foundation
import Testing

/// Issue 20 in a real browser: headless Chromium reads every view of `bench serve` over a
/// generated store of 1,000 series, in light and dark colours, at 1,280 px and at half a
/// laptop screen (640 px), drives the controls with the mouse and the keyboard, and prints
/// each view's weight and time. Screenshots: `.build/screenshots/glance/`.
@Suite(.enabled(if: Browser.chromium != nil, "needs chromium (make test installs it)"))
struct ThousandSeriesBrowserTests {
    static let series = 1_000

    /// Three commits; every series measured at each: every tenth regresses at the last one
    /// (f1 0.90 → 0.80), every tenth plus one improves (0.80 → 0.90), the rest hold.
    static func store() throws -> GitFixture {
        let fixture = try GitFixture()
        let shas = try fixture.commits(3)
        var rows: [String] = []
        for (index, sha) in shas.enumerated() {
            for number in 0..<series {
                let f1 = index < 2 ? (number % 10 == 1 ? 0.80 : 0.90) : (number % 10 == 0 ? 0.80 : 0.90)
                let jitter = Double(number % 7) / 1_000
                rows.append("{\"model_version\": \"model-\(String(format: "%04d", number))\", \"commit_sha\": \"\(sha)\", "
                    + "\"created_at\": \"2026-11-2\(index)T10:00:00.000Z\", \"metrics\": {\"f1\": \(f1 + jitter), \"latency_ms\": \(400 + number % 13)}}")
            }
        }
        let file = fixture.root + "/generated.json"
        try Data("[\(rows.joined(separator: ","))]".utf8).write(to: URL(fileURLWithPath: file))
        let imported = try BenchBinary.run(["import", file], in: fixture.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        return fixture
    }

    @Test func everyViewReadsAtAGlanceWithAThousandSeries() throws {
        let fixture = try Self.store()
        let server = try Server(in: fixture.path)
        let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/screenshots/glance").path
        try FileManager.default.createDirectory(atPath: screenshots, withIntermediateDirectories: true)
        let browser = try DevTools(chromium: Browser.chromium!, profile: fixture.root + "/chrome-glance")
        try browser.openTab()
        let views = [("current", "/"), ("trends", "/trends?metric=f1"), ("comparison", "/compare?by=commit&a=HEAD~1&b=HEAD"),
                     ("regressions", "/regressions"), ("history", "/history/model-0001"), ("commits", "/commits")]
        print("view (1,000 series)          KB      ms (debug build)")
        for (name, path) in views {
            let start = Date()
            let bytes = LocalHTTP.get(server.base + path)?.count ?? 0
            let milliseconds = Date().timeIntervalSince(start) * 1000
            print(name.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%9.1f %7.1f", Double(bytes) / 1024, milliseconds))
            #expect(bytes > 0, "\(name) answers")
            if ["current", "comparison"].contains(name) {
                #expect(bytes <= 300 * 1024, "\(name) weighs at most 300 KB at a thousand series: \(bytes / 1024) KB")
            }
            for (width, scheme) in [(1280, "light"), (640, "light"), (1280, "dark")] {
                try browser.setViewport(width: width, height: 900)
                try browser.setColorScheme(scheme)
                try browser.navigate(server.base + path)
                try browser.screenshot(to: "\(screenshots)/\(name)-\(width)-\(scheme).png")
                if width == 640 && ["current", "trends", "comparison"].contains(name) {
                    #expect(try browser.evaluate("document.documentElement.scrollWidth <= innerWidth") as? Bool == true,
                            "\(name) fits half a screen: wide tables scroll in their box")
                    // No cell's content spills into the next one (a sparkline squeezed out of its cell would).
                    let spilled = try browser.evaluate("""
                        Array.from(document.querySelectorAll('table.compact td')).slice(0, 400).filter(function (cell) { return cell.scrollWidth > cell.clientWidth + 1; }).length
                        """) as? Int
                    #expect(spilled == 0, "\(name): \(spilled ?? -1) cells overflow")
                }
            }
            let background = try browser.evaluate("getComputedStyle(document.body).backgroundColor") as? String
            #expect(background == "rgb(18, 21, 27)", "\(name) is dark when the system is: \(background ?? "")")
            try browser.setColorScheme("light")
        }
        try browser.setViewport(width: 1280, height: 900)

        // Current: a row per series that moved, regressions first, the unchanged folded into a
        // count with a link that lists them; the filter box as you type; a header sorted from the keyboard.
        try browser.navigate(server.base + "/")
        #expect(try browser.evaluate("document.querySelectorAll('#current tbody tr').length") as? Int == 200, "100 regressed and 100 improved")
        #expect(try browser.evaluate("document.querySelector('.tile.regressed strong').textContent") as? String == "100")
        #expect((try browser.evaluate("document.querySelector('#current tbody tr').innerText") as? String)?.contains("regressed") == true)
        #expect(try browser.evaluate("document.querySelector('p.folded').textContent") as? String == "800 unchanged series folded: show them.")
        try browser.evaluate("document.querySelector('p.folded a').click()")
        try browser.waitForEvent("Page.loadEventFired")
        #expect(try browser.evaluate("document.querySelectorAll('#current tbody tr').length") as? Int == Self.series)
        try browser.evaluate("document.getElementById('filter').focus()")
        try browser.type("model-099")
        #expect(try browser.evaluate("document.querySelectorAll('#current tbody tr:not([hidden])').length") as? Int == 10, "model-0990 … model-0999")
        #expect(try browser.evaluate("location.search") as? String == "?unchanged=show&q=model-099", "the filter is kept in the address")
        #expect(try browser.evaluate("document.getElementById('filter-count').textContent") as? String == "10 of 1000 series")
        try browser.evaluate("Array.from(document.querySelectorAll('#current th button')).find(function (b) { return b.textContent === 'Δ f1'; }).focus()")
        try browser.press("Enter")
        #expect(try browser.evaluate("document.activeElement.parentNode.getAttribute('aria-sort')") as? String == "ascending")
        let firstChange = try browser.evaluate("document.querySelector('#current tbody tr:not([hidden])').cells[5].textContent") as? String
        #expect(firstChange == "-11.1%", "the largest drop first: \(firstChange ?? "")")

        // Trends: a panel per series; the hover readout; a brush narrows the range into the address.
        try browser.navigate(server.base + "/trends?metric=f1")
        #expect(try browser.evaluate("document.querySelectorAll('figure.panel').length") as? Int == 6)
        #expect((try browser.evaluate("document.querySelector('details.pick summary').textContent") as? String)?.hasPrefix("series: 6 of 1000 charted") == true,
                "a thousand series to pick from fold away")
        let box = try browser.evaluate("""
            (function () { var svg = document.querySelector('figure.panel svg'); svg.scrollIntoView({ block: 'center' });
              var r = svg.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()
            """) as? [Double] ?? []
        try #require(box.count == 4)
        try browser.mouse("mouseMoved", x: box[0] + box[2] * 0.98, y: box[1] + box[3] / 2)
        let readout = try browser.evaluate("document.getElementById('readout0').textContent") as? String ?? ""
        #expect(readout.hasPrefix("v3 · ") && readout.hasSuffix("f1 = 0.8"), "the newest point of model-0000: \(readout)")
        try browser.evaluate("document.querySelectorAll('figure.panel svg')[1].focus()")
        try browser.press("Home")
        #expect((try browser.evaluate("document.getElementById('readout1').textContent") as? String)?.hasPrefix("v1 · ") == true, "the keyboard reaches the oldest point")
        try browser.mouse("mousePressed", x: box[0] + box[2] * 0.45, y: box[1] + box[3] / 2)
        try browser.mouse("mouseMoved", x: box[0] + box[2] * 0.9, y: box[1] + box[3] / 2)
        try browser.mouse("mouseReleased", x: box[0] + box[2] * 0.9, y: box[1] + box[3] / 2)
        try browser.waitForEvent("Page.loadEventFired")
        let search = try browser.evaluate("location.search") as? String ?? ""
        #expect(search.contains("from=2") && search.contains("to=3"), "the brushed versions: \(search)")
        #expect(try browser.evaluate("document.querySelector('input[name=from]').value") as? String == "2")

        // Comparison: two commits across every series, worst change first.
        try browser.navigate(server.base + "/compare?by=commit&a=HEAD~1&b=HEAD")
        #expect(try browser.evaluate("document.querySelectorAll('#sides tbody tr').length") as? Int == 200, "the f1 of 200 series moved")
        #expect((try browser.evaluate("document.querySelector('#sides tbody tr').innerText") as? String)?.contains("worse") == true)
        #expect(try browser.evaluate("document.querySelector('p.folded').textContent") as? String == "1800 unchanged rows folded: show them.")
        try browser.evaluate("document.querySelector('p.folded a').click()")
        try browser.waitForEvent("Page.loadEventFired")
        #expect(try browser.evaluate("document.querySelectorAll('#sides tbody tr').length") as? Int == 2 * Self.series)
        #expect(browser.errors.isEmpty, "\(browser.errors)")
        #expect(browser.requests.allSatisfy { $0.hasPrefix(server.base) }, "nothing but the dashboard: \(browser.requests.filter { !$0.hasPrefix(server.base) })")
    }
}
