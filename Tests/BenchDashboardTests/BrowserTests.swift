import BenchTestSupport
import Foundation
import Testing

/// The browser the tests drive, when installed.
enum Browser {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// A real browser: headless Chromium loads every view of a running `bench serve`.
@Suite(.enabled(if: Browser.chromium != nil, "needs chromium (make test installs it)"))
struct BrowserTests {
    static let chromium = Browser.chromium

    @Test func everyViewLoadsWithItsDataAndNoConsoleErrors() throws {
        let setup = try DashboardTests.Fixture()
        let port = try FreePort.find()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: BenchBinary.path)
        server.arguments = ["serve", "--port", String(port), "--token", DashboardTests.token]
        server.currentDirectoryURL = URL(fileURLWithPath: setup.fixture.path)
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            kill(server.processIdentifier, SIGKILL)
            waitpid(server.processIdentifier, nil, 0)
        }
        let base = "http://127.0.0.1:\(port)"
        let deadline = Date().addingTimeInterval(20)
        while (try? Data(contentsOf: URL(string: base + "/api/current")!)) == nil && Date() < deadline { usleep(100_000) }

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
}
