import Foundation
import Testing
import VigieTestSupport

@testable import VigieDaemon

@Suite struct SchedulerTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    let noJitter = Scheduler(jitter: 0)

    @Test func answeredFeedsWaitTheirInterval() {
        var random = SystemRandomNumberGenerator()
        #expect(noJitter.nextPoll(after: .answered(hint: nil), interval: 900, now: now, random: &random) == now + 900)
    }

    @Test func theServersLongerHintWinsUpToTheCap() {
        var random = SystemRandomNumberGenerator()
        #expect(noJitter.nextPoll(after: .answered(hint: 3600), interval: 900, now: now, random: &random) == now + 3600)
        #expect(noJitter.nextPoll(after: .answered(hint: 60), interval: 900, now: now, random: &random) == now + 900)
        #expect(
            noJitter.nextPoll(after: .answered(hint: 7 * 86400), interval: 900, now: now, random: &random)
                == now + 86400)
    }

    @Test func jitterStaysWithinTenPercentAndSpreadsFeeds() {
        let scheduler = Scheduler()
        var random = SeededRandom(state: 42)
        let delays = (0..<1000).map { _ in
            scheduler.nextPoll(after: .answered(hint: nil), interval: 1000, now: now, random: &random)!
                .timeIntervalSince(now)
        }
        #expect(delays.allSatisfy { $0 >= 900 && $0 <= 1100 })
        #expect(delays.min()! < 920 && delays.max()! > 1080)
    }

    @Test func failuresBackOffExponentiallyWithACap() {
        #expect(noJitter.backoff(interval: 600, failures: 1) == 600)
        #expect(noJitter.backoff(interval: 600, failures: 2) == 1200)
        #expect(noJitter.backoff(interval: 600, failures: 4) == 4800)
        #expect(noJitter.backoff(interval: 600, failures: 10) == 6 * 3600)
        #expect(noJitter.backoff(interval: 600, failures: 1000) == 6 * 3600)
        #expect(noJitter.backoff(interval: 48 * 3600, failures: 5) == 48 * 3600)
        var random = SystemRandomNumberGenerator()
        #expect(
            noJitter.nextPoll(after: .failed(consecutiveFailures: 3), interval: 600, now: now, random: &random)
                == now + 2400)
    }

    @Test func throttledFeedsWaitForRetryAfter() {
        var random = SystemRandomNumberGenerator()
        let later = now + 7200
        #expect(
            noJitter.nextPoll(
                after: .throttled(notBefore: later, consecutiveFailures: 1), interval: 900, now: now, random: &random)
                == later)
        #expect(
            noJitter.nextPoll(
                after: .throttled(notBefore: now + 10, consecutiveFailures: 1), interval: 900, now: now,
                random: &random) == now + 900)
        #expect(
            noJitter.nextPoll(
                after: .throttled(notBefore: nil, consecutiveFailures: 2), interval: 900, now: now, random: &random)
                == now + 1800)
    }

    @Test func goneFeedsAreNeverPolledAgain() {
        var random = SystemRandomNumberGenerator()
        #expect(noJitter.nextPoll(after: .gone, interval: 900, now: now, random: &random) == nil)
    }

    @Test func startupSpreadsDueFeeds() {
        let times = Scheduler(startupSpread: 60).spreadFirstPolls(count: 4, now: now, shortestInterval: 900)
        #expect(times == [now, now + 15, now + 30, now + 45])
        let short = Scheduler(startupSpread: 60).spreadFirstPolls(count: 2, now: now, shortestInterval: 10)
        #expect(short == [now, now + 5])
    }

    @Test func noRetryAfterSilencesAFeedForMoreThanSevenDays() {
        var random = SystemRandomNumberGenerator()
        let year9999 = DateComponents(calendar: .init(identifier: .gregorian), year: 9999).date!
        for notBefore in [year9999, now.addingTimeInterval(99_999_999_999)] {
            let next = noJitter.nextPoll(
                after: .throttled(notBefore: notBefore, consecutiveFailures: 1), interval: 900, now: now,
                random: &random)
            #expect(next == now.addingTimeInterval(Scheduler.maxDelay))
        }
    }

    @Test func noIntervalOrBackOffGoesPastSevenDays() {
        var random = SystemRandomNumberGenerator()
        let longBackOff = Scheduler(jitter: 0, backoffCap: 30 * 86_400)
        let next = longBackOff.nextPoll(
            after: .failed(consecutiveFailures: 20), interval: 86_400, now: now, random: &random)
        #expect(next == now.addingTimeInterval(Scheduler.maxDelay))
        #expect(
            noJitter.nextPoll(after: .answered(hint: nil), interval: 30 * 86_400, now: now, random: &random)
                == now.addingTimeInterval(Scheduler.maxDelay))
    }

    @Test func aStoredNextPollIsBroughtWithinSevenDays() {
        let far = now.addingTimeInterval(10 * 365 * 86_400)
        #expect(noJitter.bounded(far, now: now) == now.addingTimeInterval(Scheduler.maxDelay))
        #expect(noJitter.bounded(now + 60, now: now) == now + 60)
    }

    /// Missed items: the interval halves at each poll that finds only new items, down to the floor.
    @Test func theCatchUpIntervalHalvesDownToAMinute() {
        #expect(Scheduler.catchUpInterval(900, missedStreak: 0) == 900)
        #expect(Scheduler.catchUpInterval(900, missedStreak: 1) == 450)
        #expect(Scheduler.catchUpInterval(900, missedStreak: 3) == 112.5)
        #expect(Scheduler.catchUpInterval(900, missedStreak: 10) == 60)
        #expect(Scheduler.catchUpInterval(30, missedStreak: 4) == 30, "a feed polled faster than the floor keeps it")
    }
}
