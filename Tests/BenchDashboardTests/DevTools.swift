import Foundation

/// Drives a headless Chromium through the DevTools protocol over `--remote-debugging-pipe`
/// (JSON messages ending in NUL, commands on fd 3, replies and events on fd 4): enough to
/// load a page, click, answer the page's prompt and alert dialogs, and read the DOM.
final class DevTools {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A dialog the page opened: `prompt` or `alert`, and its message.
    struct Dialog: Equatable {
        var type: String
        var message: String
    }

    private let pid: pid_t
    private let commands: Int32
    private let replies: Int32
    private var buffer = Data()
    private var events: [[String: Any]] = []
    private var nextID = 0
    private var session: String?
    /// What the page's prompt() dialogs are answered with (nil: dismissed).
    var promptAnswer: String?
    /// Every dialog the page opened, in order; each is accepted.
    private(set) var dialogs: [Dialog] = []
    /// Uncaught exceptions, console errors and Content-Security-Policy violations of the page, in order.
    private(set) var errors: [String] = []
    /// The URLs the page requested (with the Network domain enabled).
    private(set) var requests: [String] = []

    init(chromium: String, profile: String) throws {
        signal(SIGPIPE, SIG_IGN)
        var toBrowser: [Int32] = [0, 0], fromBrowser: [Int32] = [0, 0]
        guard pipe(&toBrowser) == 0, pipe(&fromBrowser) == 0 else { throw Failure(description: "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, toBrowser[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromBrowser[1], 4)
        // Every name resolves nowhere and every proxy connection is refused: a page that
        // tries the network fails to (and the request is still seen).
        let arguments = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                         "--user-data-dir=\(profile)", "--remote-debugging-pipe", "--allow-file-access-from-files",
                         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "about:blank"]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, chromium, &actions, nil, argv, environ)
        close(toBrowser[0])
        close(fromBrowser[1])
        guard rc == 0 else { throw Failure(description: "cannot start \(chromium): \(String(cString: strerror(rc)))") }
        pid = child
        commands = toBrowser[1]
        replies = fromBrowser[0]
        _ = fcntl(commands, F_SETFD, FD_CLOEXEC)
        _ = fcntl(replies, F_SETFD, FD_CLOEXEC)
    }

    deinit {
        close(commands)
        close(replies)
        kill(pid, SIGKILL)
        waitpid(pid, nil, 0)
    }

    /// Opens a tab and attaches to it; later page commands go to that tab.
    func openTab() throws {
        let target = try call("Target.createTarget", ["url": "about:blank"], toBrowser: true)
        guard let targetID = target["targetId"] as? String else { throw Failure(description: "no target id in \(target)") }
        let attached = try call("Target.attachToTarget", ["targetId": targetID, "flatten": true], toBrowser: true)
        session = attached["sessionId"] as? String
        _ = try call("Page.enable")
        _ = try call("Runtime.enable")
        _ = try call("Network.enable")
        _ = try call("Log.enable")
    }

    /// Loads `url` and waits for its load event.
    func navigate(_ url: String) throws {
        events.removeAll()
        _ = try call("Page.navigate", ["url": url])
        try waitForEvent("Page.loadEventFired")
    }

    /// The size the page is laid out and captured at.
    func setViewport(width: Int, height: Int) throws {
        _ = try call("Emulation.setDeviceMetricsOverride", ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": false])
    }

    /// Emulates the system's colour scheme (`dark` or `light`) for `prefers-color-scheme`.
    func setColorScheme(_ scheme: String) throws {
        _ = try call("Emulation.setEmulatedMedia", ["features": [["name": "prefers-color-scheme", "value": scheme]]])
    }

    /// A real mouse event at page coordinates: `mouseMoved`, `mousePressed` or `mouseReleased`
    /// (pressed and released with the left button).
    func mouse(_ type: String, x: Double, y: Double) throws {
        var parameters: [String: Any] = ["type": type, "x": x, "y": y]
        if type != "mouseMoved" { parameters["button"] = "left"; parameters["clickCount"] = 1 } else { parameters["button"] = "none" }
        _ = try call("Input.dispatchMouseEvent", parameters)
    }

    /// A real key press (down and up) on the focused element: `Enter`, `ArrowLeft`, `Tab`…
    func press(_ key: String) throws {
        let codes = ["Enter": 13, "Tab": 9, "ArrowLeft": 37, "ArrowRight": 39, "Home": 36, "End": 35]
        var down: [String: Any] = ["type": "keyDown", "key": key, "code": key, "windowsVirtualKeyCode": codes[key] ?? 0]
        if key == "Enter" { down["text"] = "\r" }
        _ = try call("Input.dispatchKeyEvent", down)
        _ = try call("Input.dispatchKeyEvent", ["type": "keyUp", "key": key, "code": key, "windowsVirtualKeyCode": codes[key] ?? 0])
    }

    /// Types `text` into the focused element, as an input method would.
    func type(_ text: String) throws {
        _ = try call("Input.insertText", ["text": text])
    }

    /// Saves a PNG of the page as it is now.
    func screenshot(to path: String) throws {
        let result = try call("Page.captureScreenshot", ["format": "png"])
        guard let encoded = result["data"] as? String, let data = Data(base64Encoded: encoded) else {
            throw Failure(description: "no screenshot data")
        }
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// Evaluates a JavaScript expression in the page and returns its value.
    @discardableResult
    func evaluate(_ expression: String) throws -> Any? {
        let result = try call("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        if let exception = result["exceptionDetails"] { throw Failure(description: "\(expression): \(exception)") }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Waits for an event of the attached tab.
    func waitForEvent(_ method: String, timeout: TimeInterval = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let index = events.firstIndex(where: { $0["method"] as? String == method }) {
                events.removeSubrange(...index)
                return
            }
            guard let message = try read(until: deadline) else { throw Failure(description: "no \(method) within \(Int(timeout)) s") }
            try handle(message)
        }
    }

    /// Sends a command and waits for its reply; events that arrive meanwhile are kept and
    /// dialogs answered.
    private func call(_ method: String, _ parameters: [String: Any] = [:], toBrowser: Bool = false,
                      timeout: TimeInterval = 20) throws -> [String: Any] {
        nextID += 1
        let id = nextID
        var message: [String: Any] = ["id": id, "method": method, "params": parameters]
        if !toBrowser, let session { message["sessionId"] = session }
        var data = try JSONSerialization.data(withJSONObject: message)
        data.append(0)
        try data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(commands, bytes.baseAddress! + offset, bytes.count - offset)
                guard written > 0 else { throw Failure(description: "the browser stopped reading (\(method))") }
                offset += written
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            guard let reply = try read(until: deadline) else { throw Failure(description: "no reply to \(method) within \(Int(timeout)) s") }
            if reply["id"] as? Int == id {
                if let error = reply["error"] { throw Failure(description: "\(method): \(error)") }
                return reply["result"] as? [String: Any] ?? [:]
            }
            try handle(reply)
        }
    }

    private func handle(_ message: [String: Any]) throws {
        guard message["id"] == nil else { return }
        if message["method"] as? String == "Page.javascriptDialogOpening", let parameters = message["params"] as? [String: Any] {
            let type = parameters["type"] as? String ?? ""
            dialogs.append(Dialog(type: type, message: parameters["message"] as? String ?? ""))
            var answer: [String: Any] = ["accept": type != "prompt" || promptAnswer != nil]
            if type == "prompt", let promptAnswer { answer["promptText"] = promptAnswer }
            // Answered without waiting: the reply comes while the caller waits for its own.
            nextID += 1
            var command: [String: Any] = ["id": nextID, "method": "Page.handleJavaScriptDialog", "params": answer]
            if let session { command["sessionId"] = session }
            var data = try JSONSerialization.data(withJSONObject: command)
            data.append(0)
            _ = data.withUnsafeBytes { write(commands, $0.baseAddress!, $0.count) }
        }
        let parameters = message["params"] as? [String: Any] ?? [:]
        switch message["method"] as? String {
        case "Runtime.exceptionThrown":
            errors.append("\((parameters["exceptionDetails"] as? [String: Any])?["text"] ?? "exception")")
        case "Runtime.consoleAPICalled" where parameters["type"] as? String == "error":
            errors.append("console.error: \(parameters["args"] ?? "")")
        case "Log.entryAdded":
            // Only what the policy refused: a favicon's 404 is a network error of no interest.
            let entry = parameters["entry"] as? [String: Any] ?? [:]
            let text = entry["text"] as? String ?? ""
            if entry["level"] as? String == "error" && (entry["source"] as? String == "security" || text.contains("Content Security Policy")) {
                errors.append("policy: \(text)")
            }
        case "Network.requestWillBeSent":
            if let url = (parameters["request"] as? [String: Any])?["url"] as? String { requests.append(url) }
        default: break
        }
        events.append(message)
    }

    /// The next message, or nil at the deadline.
    private func read(until deadline: Date) throws -> [String: Any]? {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let message = buffer[buffer.startIndex..<end]
                buffer = Data(buffer[(end + 1)...])
                return try JSONSerialization.jsonObject(with: message) as? [String: Any] ?? [:]
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var descriptor = pollfd(fd: replies, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(remaining * 1000) + 1) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = Foundation.read(replies, &chunk, chunk.count)
            guard count > 0 else { throw Failure(description: "the browser closed the DevTools pipe") }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }
}
