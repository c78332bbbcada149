import BenchTestSupport
import Foundation
import Testing

/// The browser the tests drive, when installed.
enum Browser {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// `bench serve --token` on a free loopback port, stopped when released.
final class Server {
    let process = Process()
    let base: String

    init(in directory: String) throws {
        let port = try FreePort.find()
        base = "http://127.0.0.1:\(port)"
        process.executableURL = URL(fileURLWithPath: BenchBinary.path)
        process.arguments = ["serve", "--port", String(port), "--token", DashboardTests.token]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
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
        let base = server.base

        let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/screenshots").path
        try FileManager.default.createDirectory(atPath: screenshots, withIntermediateDirectories: true)
        let views = [("current", "/"), ("trends", "/trends?metric=f1"), ("comparison", "/compare"),
                     ("regressions", "/regressions"), ("history", "/history/clf"), ("commits", "/commits")]
        for (name, path) in views {
            let profile = setup.fixture.root + "/chrome-\(name)"
            let common = ["--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)", "--enable-logging=stderr", "--v=0"]
            let dom = try ProcessRunner.run(Self.chromium!, common + ["--dump-dom", base + path], in: setup.fixture.root)
            #expect(dom.status == 0, "\(name): \(dom.stderr.suffix(400))")
            #expect(dom.stdout.contains("clf"), "\(name) shows the series")
            #expect(dom.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;") || name == "history", "\(name) shows the hostile name escaped")
            #expect(!dom.stderr.contains("Uncaught"), "\(name): console error")
            let shot = try ProcessRunner.run(Self.chromium!, common + ["--window-size=1280,1200", "--screenshot=\(screenshots)/\(name).png", base + path],
                                             in: setup.fixture.root)
            #expect(shot.status == 0)
        }
        let trends = try ProcessRunner.run(Self.chromium!, ["--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(setup.fixture.root)/chrome-t",
                                                            "--dump-dom", base + "/trends?metric=f1"], in: setup.fixture.root)
        #expect(trends.stdout.contains("0.85"))
        #expect(trends.stdout.contains("<svg"))
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
    }

    /// The regressions view's slider: moving it to 10% re-checks every series at that
    /// threshold (0.90 → 0.85 is then within it); the label follows the slider.
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
        #expect(try browser.evaluate("location.search") as? String == "?threshold=0.1")
        #expect((try browser.evaluate(clfRow) as? String)?.contains("unchanged") == true)
        #expect(try browser.evaluate("document.querySelector('#threshold output').textContent") as? String == "10%")
    }
}
