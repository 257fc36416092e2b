import Testing
import VigieStore

@testable import VigieDaemon

@Suite struct StatusLineTests {
    @Test func countsEachConfiguredFeedOnce() {
        let feeds = [
            FeedState(url: "https://a.example/rss"),
            FeedState(url: "https://b.example/rss", consecutiveFailures: 2),
            FeedState(url: "https://c.example/rss", gone: true),
        ]
        #expect(
            StatusLine.text(feeds: feeds, alertsToday: 4)
                == "3 feeds: 1 ok, 1 failing, 1 gone; 4 alerts today (UTC)")
    }
}
