import BenchCore
import BenchKit

/// The commits view as HTML: a page of the server, or a section of the report.
extension CommitsView {
    func body(_ links: Links) -> String {
        let rows = commits.map { entry in
            [links.commit(entry.commit.sha), HTML.escape(Timestamp.short(entry.commit.time)),
             HTML.escape(entry.commit.author), HTML.escape(entry.commit.subject),
             entry.snapshots.isEmpty ? "<span class=\"muted\">not measured</span>" : entry.snapshots.map { snapshot in
                 "\(HTML.escape(snapshot.series.modelVersion)) v\(snapshot.version): " + HTML.figures(snapshot)
             }.joined(separator: "<br>")]
        }
        return HTML.table(["commit", "date", "author", "subject", "metrics"], rows)
    }
}

/// A commit's view as HTML: a page of the server, or a section of the report.
extension CommitView {
    func body(_ links: Links) -> String {
        let commit = entry.commit
        let facts = HTML.table(["", ""], [["commit", "<code>\(HTML.escape(commit.sha))</code>"], ["subject", HTML.escape(commit.subject)],
                                          ["author", HTML.escape(commit.author)], ["date", HTML.escape(Timestamp.short(commit.time))]])
        let rows = entry.snapshots.map { snapshot in
            [links.history(snapshot.series, text: snapshot.series.description), "v\(snapshot.version)", HTML.badges(snapshot), HTML.figures(snapshot)]
        }
        return facts + (rows.isEmpty ? "<p class=\"muted\">Nothing was measured at this commit.</p>" : HTML.table(["series", "version", "status", "metrics"], rows))
    }
}
