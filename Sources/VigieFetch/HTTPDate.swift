import Foundation

/// An HTTP-date (RFC 9110 §5.6.7), as `Retry-After` may carry one: the three forms a recipient must accept, and
/// nothing else.
///
/// - IMF-fixdate, the one servers must send: `Sun, 06 Nov 1994 08:49:37 GMT`
/// - obsolete RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT` (a two-digit year more than 50 years in the future is in the
///   past century, as §5.6.7 orders)
/// - obsolete asctime: `Sun Nov  6 08:49:37 1994` (day padded with a space or a zero)
///
/// Names and `GMT` are case-sensitive, as the grammar has them; the day must exist in its month, the time be
/// 00:00:00…23:59:60. The weekday is checked for form, not against the date (the RFC does not ask for it).
public enum HTTPDate {
    /// The instant `text` names, or `nil` when it is not an HTTP-date; `now` places a two-digit RFC 850 year.
    public static func parse(_ text: String, now: Date) -> Date? {
        let bytes = Array(text.utf8)
        guard let fields = imfFixdate(bytes) ?? rfc850(bytes, now: now) ?? asctime(bytes) else { return nil }
        return fields.date
    }

    /// A date and time of day, UTC, checked for range.
    struct Fields {
        var year: Int
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var second: Int

        /// The instant, or `nil` when a field is out of range.
        var date: Date? {
            guard (1...12).contains(month), (1...HTTPDate.daysIn(month: month, year: year)).contains(day),
                (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
            else { return nil }
            let days = HTTPDate.daysSinceEpoch(year: year, month: month, day: day)
            return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second))
        }
    }

    /// The abbreviated day names, Monday first.
    public static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let longDayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    /// The abbreviated month names, January first.
    public static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT`
    private static func imfFixdate(_ bytes: [UInt8]) -> Fields? {
        var scanner = Scanner(bytes)
        guard scanner.word(in: dayNames) != nil, scanner.literal(", "), let day = scanner.digits(2),
            scanner.literal(" "), let month = scanner.month(), scanner.literal(" "), let year = scanner.digits(4),
            scanner.literal(" "), let time = scanner.timeOfDay(), scanner.literal(" GMT"), scanner.atEnd
        else { return nil }
        return Fields(year: year, month: month, day: day, hour: time.0, minute: time.1, second: time.2)
    }

    /// `Sunday, 06-Nov-94 08:49:37 GMT`
    private static func rfc850(_ bytes: [UInt8], now: Date) -> Fields? {
        var scanner = Scanner(bytes)
        guard scanner.word(in: longDayNames) != nil, scanner.literal(", "), let day = scanner.digits(2),
            scanner.literal("-"), let month = scanner.month(), scanner.literal("-"), let shortYear = scanner.digits(2),
            scanner.literal(" "), let time = scanner.timeOfDay(), scanner.literal(" GMT"), scanner.atEnd
        else { return nil }
        // `now`'s century, unless that puts the date more than 50 years after `now`: then the century before.
        let seconds = Int(now.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let today = civil(days)
        let limitYear = today.year + 50
        let limitDay = daysSinceEpoch(
            year: limitYear, month: today.month, day: min(today.day, daysIn(month: today.month, year: limitYear)))
        let limit = Date(timeIntervalSince1970: TimeInterval(limitDay * 86_400 + (seconds - days * 86_400)))
        var fields = Fields(
            year: today.year / 100 * 100 + shortYear, month: month, day: day, hour: time.0, minute: time.1,
            second: time.2)
        if let date = fields.date, date > limit { fields.year -= 100 }
        return fields
    }

    /// `Sun Nov  6 08:49:37 1994`
    private static func asctime(_ bytes: [UInt8]) -> Fields? {
        var scanner = Scanner(bytes)
        guard scanner.word(in: dayNames) != nil, scanner.literal(" "), let month = scanner.month(),
            scanner.literal(" "), let day = scanner.literal(" ") ? scanner.digits(1) : scanner.digits(2),
            scanner.literal(" "), let time = scanner.timeOfDay(), scanner.literal(" "), let year = scanner.digits(4),
            scanner.atEnd
        else { return nil }
        return Fields(year: year, month: month, day: day, hour: time.0, minute: time.1, second: time.2)
    }

    // MARK: - The proleptic Gregorian calendar, UTC

    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the date (H. Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
    public static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Reads an HTTP-date's pieces from its bytes, left to right.
    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { position == bytes.count }

        /// Consumes `text` if it comes next.
        mutating func literal(_ text: String) -> Bool {
            let expected = Array(text.utf8)
            guard bytes[position...].starts(with: expected) else { return false }
            position += expected.count
            return true
        }

        /// Consumes exactly `count` ASCII digits and returns their value.
        mutating func digits(_ count: Int) -> Int? {
            guard position + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[position..<position + count] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            position += count
            return value
        }

        /// Consumes one of `words` (none is a prefix of another) and returns its index.
        mutating func word(in words: [String]) -> Int? {
            for (index, word) in words.enumerated() where literal(word) { return index }
            return nil
        }

        /// Consumes a month name and returns its number, 1…12.
        mutating func month() -> Int? {
            word(in: HTTPDate.monthNames).map { $0 + 1 }
        }

        /// Consumes `HH:MM:SS`.
        mutating func timeOfDay() -> (Int, Int, Int)? {
            guard let hour = digits(2), literal(":"), let minute = digits(2), literal(":"), let second = digits(2)
            else { return nil }
            return (hour, minute, second)
        }
    }
}
