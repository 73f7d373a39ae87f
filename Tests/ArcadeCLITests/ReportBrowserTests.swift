import Foundation
import Testing

/// `arcade report` pages opened in a real headless browser (Chromium from Debian's packages,
/// installed by `.ci/setup.sh --tests`): each page loads without script errors and shows every
/// table of its result file and every plot with a non-empty drawing (the page's own load check
/// writes its counts into `<body data-…>`, which the browser's DOM dump returns).
@Suite struct ReportBrowserTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Tables and plots each kind of file must show.
    static let expected: [String: (tables: [String], plots: Int)] = [
        "run": (["layers"], 1),     // the systolic run's bar chart (cycles and utilisation per layer)
        "sweep": (["points"], 1),
        "exploration": (["evaluations", "trajectory"], 1),
        "comparison": (["summary", "evaluations", "trajectories", "exhaustive"], 1),
    ]

    @Test(.enabled(if: chromium != nil || ResultFilesFixture.required, "no chromium (run .ci/setup.sh --tests)"))
    func everyKindOfResultRendersInABrowser() throws {
        let chromium = try #require(Self.chromium, "CI must have chromium (.ci/setup.sh --tests)")
        let files = try ResultFilesFixture.files.get()
        for (kind, path) in files.all {
            let page = path.replacingOccurrences(of: ".h5", with: ".html")
            let outcome = try CLIRunner.run(["report", path, "--out", page])
            #expect(outcome.status == 0, "\(kind): \(outcome.stderr)")
            let html = try String(contentsOfFile: page, encoding: .utf8)
            // Self-contained: nothing loaded from elsewhere (the SVG namespace URI is a name, not a fetch).
            #expect(html.range(of: "(src|href)\\s*=\\s*\"[a-z]+:", options: .regularExpression) == nil, "\(kind): the page fetches something")
            #expect(!html.contains("<link") && !html.contains("@import"), "\(kind): the page fetches something")
            let browser = try ResultFilesFixture.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
                                                                "--v=0", "--dump-dom", "file://" + page])
            #expect(browser.status == 0, "\(kind): chromium exited \(browser.status): \(browser.stderr.suffix(500))")
            // Console errors (a broken inline script, a malformed SVG) are logged as CONSOLE lines.
            let consoleErrors = browser.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
            #expect(consoleErrors.isEmpty, "\(kind): \(consoleErrors)")
            let want = try #require(Self.expected[kind])
            let body = try #require(browser.stdout.range(of: "<body[^>]*>", options: .regularExpression).map { String(browser.stdout[$0]) },
                                    "\(kind): no <body> in the DOM")
            #expect(body.contains("data-plots=\"\(want.plots)\"") && body.contains("data-plotted=\"\(want.plots)\""),
                    "\(kind): \(body)")
            for table in want.tables {
                #expect(browser.stdout.contains("<table class=\"data\" data-name=\"\(table)\">"), "\(kind): table \(table) missing")
            }
        }
    }
}
