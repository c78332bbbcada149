import BenchTestSupport
import Foundation
import Testing

/// The browser the tests drive, when installed.
enum Browser {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// `bench serve --token` on a free loopback port, stopped when released.
final class Server {
    let process: Process
    let base: String

    init(in directory: String) throws {
        let port = try FreePort.find()
        base = "http://127.0.0.1:\(port)"
        process = try ProcessRunner.start(BenchBinary.path, ["serve", "--port", String(port), "--token", DashboardTests.token], in: directory)
        guard LocalHTTP.waitUntilServing(base + "/api/current") else { throw FixtureError("bench serve did not answer on \(base)") }
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        waitpid(process.processIdentifier, nil, 0)
    }
}

/// A real browser: headless Chromium loads every view of a running `bench serve`.
@Suite(.enabled(if: Browser.chromium != nil, "needs chromium (make test installs it)"))
struct BrowserTests {
    static let chromium = Browser.chromium

    @Test func everyViewLoadsWithItsDataAndNoConsoleErrors() throws {
        let setup = try DashboardTests.Fixture()
        let server = try Server(in: setup.fixture.path)
        let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/screenshots").path
        try FileManager.default.createDirectory(atPath: screenshots, withIntermediateDirectories: true)
        let browser = try DevTools(chromium: Self.chromium!, profile: setup.fixture.root + "/chrome-views")
        try browser.openTab()
        try browser.setViewport(width: 1280, height: 1200)
        // Each view with a number it must show (as the page renders it, in the text a reader sees).
        let views = [("current", "/", "0.85"), ("trends", "/trends?metric=f1", "0.85"), ("comparison", "/compare", "0.85"),
                     ("regressions", "/regressions", "-5.6%"), ("history", "/history/clf", "f1=0.9"), ("commits", "/commits", "f1=0.85"),
                     ("commit", "/commits/\(try setup.fixture.sha("HEAD"))", "f1=0.85")]
        for (name, path, number) in views {
            try browser.navigate(server.base + path)
            let text = try browser.evaluate("document.body.innerText") as? String ?? ""
            #expect(text.contains("clf"), "\(name) shows the series")
            #expect(text.contains(number), "\(name) shows \(number)")
            #expect(text.contains(DashboardTests.hostile) || name == "history", "\(name) shows the hostile name as text")
            if ["trends", "regressions", "history"].contains(name) {
                #expect((try browser.evaluate("document.querySelectorAll('svg').length") as? Int ?? 0) > 0, "\(name) has its chart")
            }
            try browser.screenshot(to: "\(screenshots)/\(name).png")
        }
        #expect(browser.errors.isEmpty, "\(browser.errors)")
        #expect(browser.dialogs.isEmpty, "no dialog opened (an injected alert would show here)")
    }

    /// The history page's buttons in a real browser: a wrong token is refused with the
    /// server's message and forgotten; the right one is asked for once, the baseline and the
    /// rollback reach the store, and the page shows them after its reload.
    @Test func writeButtonsAskForTheTokenOnceAndChangeTheStore() throws {
        let setup = try DashboardTests.Fixture()
        let server = try Server(in: setup.fixture.path)
        let base = server.base
        /// Version → (is_current, is_baseline) of clf, as the API reads the store.
        func stored() throws -> [Int: (current: Bool, baseline: Bool)] {
            let rows = try JSONSerialization.jsonObject(with: LocalHTTP.get(base + "/api/history/clf") ?? Data()) as? [[String: Any]] ?? []
            var result: [Int: (current: Bool, baseline: Bool)] = [:]
            for row in rows {
                for snapshot in row["snapshots"] as? [[String: Any]] ?? [row] {
                    guard let version = snapshot["snapshot_version"] as? Int else { continue }
                    result[version] = (snapshot["is_current"] as? Bool ?? false, snapshot["is_baseline"] as? Bool ?? false)
                }
            }
            return result
        }
        #expect(try stored()[2]?.current == true)
        #expect(try stored()[1]?.baseline == false)

        let browser = try DevTools(chromium: Self.chromium!, profile: setup.fixture.root + "/chrome-write")
        try browser.openTab()
        try browser.navigate(base + "/history/clf")
        let button = { (action: String, version: Int) in
            "document.querySelector('button[data-action=\"\(action)\"][data-version=\"\(version)\"]')"
        }
        #expect(try browser.evaluate("\(button("baseline", 1)).disabled") as? Bool == false)

        // A wrong token: the prompt, then the server's refusal in an alert; nothing changes.
        browser.promptAnswer = "not-the-token"
        try browser.evaluate("\(button("baseline", 1)).click()")
        try browser.waitForEvent("Page.javascriptDialogOpening")
        try browser.waitForEvent("Page.javascriptDialogOpening")
        #expect(browser.dialogs.map(\.type) == ["prompt", "alert"])
        #expect(browser.dialogs.last?.message == "a valid token is required")
        #expect(try browser.evaluate("sessionStorage.getItem('benchToken') === null") as? Bool == true)
        #expect(try stored()[1]?.baseline == false)

        // The right token: asked once, then the baseline is set and the page reloads with it.
        browser.promptAnswer = DashboardTests.token
        try browser.evaluate("\(button("baseline", 1)).click()")
        try browser.waitForEvent("Page.loadEventFired")
        #expect(browser.dialogs.count == 3)
        #expect(try stored()[1]?.baseline == true)
        let firstRow = "\(button("baseline", 1)).closest('tr').innerText"
        #expect((try browser.evaluate(firstRow) as? String)?.contains("BASELINE") == true)

        // Rollback: no second prompt (the token is kept for the session); v1 becomes current.
        browser.promptAnswer = nil
        try browser.evaluate("\(button("checkout", 1)).click()")
        try browser.waitForEvent("Page.loadEventFired")
        #expect(browser.dialogs.count == 3)
        #expect(try stored()[1]?.current == true)
        #expect(try stored()[2]?.current == false)
        #expect((try browser.evaluate(firstRow) as? String)?.contains("CURRENT") == true)
        #expect(browser.errors.isEmpty, "\(browser.errors)")
    }

    /// The regressions view's slider: moving it to 10% re-checks every series at that
    /// threshold (0.90 → 0.85 is then within it, and the unchanged series fold into a count
    /// whose link keeps the threshold); the label follows the slider.
    @Test func theThresholdSliderReappliesTheCheck() throws {
        let setup = try DashboardTests.Fixture()
        let server = try Server(in: setup.fixture.path)
        let browser = try DevTools(chromium: Self.chromium!, profile: setup.fixture.root + "/chrome-slider")
        try browser.openTab()
        try browser.navigate(server.base + "/regressions")
        let clfRow = "Array.from(document.querySelectorAll('tr')).find(function (row) { return row.cells[0] && row.cells[0].textContent.indexOf('clf') === 0; }).innerText"
        #expect((try browser.evaluate(clfRow) as? String)?.contains("regressed") == true)
        try browser.evaluate("""
            (function () { var slider = document.querySelector('#threshold input'); slider.value = '0.1';
              slider.dispatchEvent(new Event('input')); return document.querySelector('#threshold output').textContent; })()
            """).map { #expect($0 as? String == "10.0%") }
        try browser.evaluate("document.querySelector('#threshold input').dispatchEvent(new Event('change'))")
        try browser.waitForEvent("Page.loadEventFired")
        #expect((try browser.evaluate("location.search") as? String)?.hasPrefix("?threshold=0.1") == true)
        #expect(try browser.evaluate("document.querySelector('#threshold output').textContent") as? String == "10%")
        // Both series are now unchanged, folded as on Current; the link lists them at the same threshold.
        #expect(try browser.evaluate("document.querySelector('p.folded').textContent") as? String == "2 unchanged series folded: show them.")
        try browser.evaluate("document.querySelector('p.folded a').click()")
        try browser.waitForEvent("Page.loadEventFired")
        #expect(try browser.evaluate("location.search") as? String == "?unchanged=show&threshold=0.1")
        #expect((try browser.evaluate(clfRow) as? String)?.contains("unchanged") == true)
        #expect(browser.errors.isEmpty, "\(browser.errors)")
        #expect(browser.requests.allSatisfy { $0.hasPrefix(server.base) }, "only the dashboard itself: \(browser.requests)")
    }

    /// `bench report --html` opened from disk, with name resolution off: every section and
    /// chart is there, the page requests nothing but itself, and nothing fails.
    @Test func theReportOpensFromDiskWithNoNetwork() throws {
        let setup = try DashboardTests.Fixture()
        let output = setup.fixture.root + "/report.html"
        #expect(try BenchBinary.run(["report", "--html", output], in: setup.fixture.path).status == 0)
        let browser = try DevTools(chromium: Self.chromium!, profile: setup.fixture.root + "/chrome-report")
        try browser.openTab()
        try browser.navigate("file://" + output)
        #expect(try browser.evaluate("document.querySelectorAll('section').length") as? Int == 5)
        #expect((try browser.evaluate("document.querySelectorAll('svg path, svg circle, svg polygon').length") as? Int ?? 0) > 0)
        #expect((try browser.evaluate("document.body.innerText") as? String)?.contains("<script>alert(1)</script>") == true,
                "the hostile name shows as text")
        #expect(try browser.evaluate("document.querySelectorAll('script').length") as? Int == 0)
        #expect(browser.requests == ["file://" + output], "nothing but the file itself is requested")
        #expect(browser.errors.isEmpty, "\(browser.errors)")
    }
}
