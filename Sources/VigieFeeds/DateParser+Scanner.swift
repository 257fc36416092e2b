import Foundation

extension DateParser {
    /// Reads the fields of a date (year, month, zone…) from its UTF-8 bytes in one pass, then combines them.
    struct FieldScanner {
        private let bytes: UnsafeBufferPointer<UInt8>
        private var index = 0
        private var end: Int
        private var year: Int?
        private var month: Int?
        private var monthMayBeDayName = false  // set from "mar", which a later month name overrides
        private var day: Int?
        private var hour: Int?
        private var minute = 0
        private var second = 0
        private var millisecond = 0
        private var isPM: Bool?
        private var offset: Int?  // seconds east of UTC
        private var offsetFollowsUTCName = false  // just after "GMT" or "UTC", where "+2" completes the zone

        /// Prepares to read `bytes`, which must stay valid while the scanner is used.
        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            end = bytes.count
            while end > 0, bytes[end - 1] == 0x20 || (0x09...0x0D).contains(bytes[end - 1]) { end -= 1 }
            while index < end, let width = spaceWidth(at: index) { index += width }
        }

        /// Reads the whole text; false when something in it is not part of a date.
        mutating func scan() -> Bool {
            var digits = 0
            while isDigit(at: index + digits) { digits += 1 }
            let next = index + digits < end ? bytes[index + digits] : nil
            if digits == 8 || (digits == 4 && (next == nil || next == ASCII.minus || next == ASCII.slash)) {
                guard scanNumericDate() else { return false }
            }
            return scanFields()
        }

        /// The instant the fields denote, or nil when one is missing or out of range (month 13, 30 February…).
        func instant() -> Date? {
            guard let year, let month, let day, (1_000...9_999).contains(year), (1...12).contains(month),
                day >= 1, day <= DateParser.daysInMonth(month, year: year)
            else { return nil }
            var hour = self.hour ?? 0
            if let isPM {
                guard (1...12).contains(hour) else { return nil }
                hour = hour % 12 + (isPM ? 12 : 0)
            }
            let days = DateParser.daysFromCivil(year: year, month: month, day: day)
            let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - (offset ?? 0)
            return Date(timeIntervalSince1970: Double(seconds) + Double(millisecond) / 1_000)
        }

        /// Reads "YYYY", "YYYY-MM", "YYYY-MM-DD" (or with "/"), "YYYYMMDD", and a time after "T".
        private mutating func scanNumericDate() -> Bool {
            let run = readNumber()
            if run.digits == 8 {
                (year, month, day) = (run.value / 10_000, run.value / 100 % 100, run.value % 100)
            } else {
                (year, month, day) = (run.value, 1, 1)
                guard index < end else { return true }
                let separator = bytes[index]
                index += 1
                let monthRun = readNumber()
                guard (1...2).contains(monthRun.digits) else { return false }
                month = monthRun.value
                guard index < end else { return true }
                guard bytes[index] == separator else { return false }
                index += 1
                let dayRun = readNumber()
                guard (1...2).contains(dayRun.digits) else { return false }
                day = dayRun.value
            }
            guard index < end else { return true }
            if bytes[index] | 0x20 == UInt8(ascii: "t") {
                index += 1
                return scanTimeAfterDesignator()
            }
            return spaceWidth(at: index) != nil
        }

        /// Reads an ISO 8601 time after "T": "HH:MM[:SS[.fff]]", or basic "HH", "HHMM" or "HHMMSS[.fff]".
        private mutating func scanTimeAfterDesignator() -> Bool {
            let run = readNumber()
            if index < end, bytes[index] == ASCII.colon { return scanClock(hour: run) }
            let value = run.value
            switch run.digits {
            case 2: guard setClock(hour: value, minute: 0, second: 0) else { return false }
            case 4: guard setClock(hour: value / 100, minute: value % 100, second: 0) else { return false }
            case 6:
                guard setClock(hour: value / 10_000, minute: value / 100 % 100, second: value % 100) else {
                    return false
                }
                scanFraction()
            default: return false
            }
            return true
        }

        /// Reads ":MM[:SS[.fff]]" after the hour `hourRun`, as in "12:00" or "9:05:30.250".
        private mutating func scanClock(hour hourRun: (value: Int, digits: Int)) -> Bool {
            guard hour == nil, (1...2).contains(hourRun.digits) else { return false }
            index += 1
            let minuteRun = readNumber()
            guard minuteRun.digits == 2 else { return false }
            var secondValue = 0
            if index < end, bytes[index] == ASCII.colon {
                index += 1
                let secondRun = readNumber()
                guard secondRun.digits == 2 else { return false }
                secondValue = secondRun.value
                scanFraction()
            }
            return setClock(hour: hourRun.value, minute: minuteRun.value, second: secondValue)
        }

        /// Stores a time of day after checking its ranges; a leap second becomes :59.
        private mutating func setClock(hour: Int, minute: Int, second: Int) -> Bool {
            guard hour <= 23, minute <= 59, second <= 60 else { return false }
            (self.hour, self.minute, self.second) = (hour, minute, Swift.min(second, 59))
            return true
        }

        /// Reads ".fff…" or ",fff…" after the seconds, keeping milliseconds and dropping finer digits.
        private mutating func scanFraction() {
            guard index < end, bytes[index] == ASCII.dot || bytes[index] == ASCII.comma, isDigit(at: index + 1) else {
                return
            }
            index += 1
            var scale = 100
            while let digit = digit(at: index) {
                millisecond += digit * scale
                scale /= 10
                index += 1
            }
        }

        /// Reads the fields of a textual date, or what follows a numeric one, in any order.
        private mutating func scanFields() -> Bool {
            while index < end {
                if let width = spaceWidth(at: index) {
                    index += width
                    continue
                }
                let byte = bytes[index]
                let followsUTCName = offsetFollowsUTCName
                offsetFollowsUTCName = false
                if byte == ASCII.comma || byte == ASCII.dot {
                    index += 1
                } else if byte == ASCII.openParenthesis {
                    skipComment()
                } else if byte == ASCII.plus || byte == ASCII.minus, isDigit(at: index + 1),
                    byte == ASCII.plus || hour != nil || followsUTCName
                {
                    guard scanOffset(replacingUTCName: followsUTCName) else { return false }
                } else if byte == ASCII.minus {
                    index += 1  // RFC 850 "05-Jan-04"
                } else if isDigit(at: index) {
                    guard scanNumber() else { return false }
                } else {
                    guard scanWord() else { return false }
                }
            }
            return true
        }

        /// Reads a number in a textual date: a time, a day.month.year date, a day, or a year.
        private mutating func scanNumber() -> Bool {
            let run = readNumber()
            if index < end, bytes[index] == ASCII.colon { return scanClock(hour: run) }
            if index < end, bytes[index] == ASCII.dot, isDigit(at: index + 1) { return scanDottedDate(day: run) }
            if run.digits == 4, year == nil {
                year = run.value
            } else if run.digits <= 2, day == nil {
                day = run.value
            } else if run.digits == 2, year == nil, month != nil {
                year = DateParser.expandTwoDigitYear(run.value)
            } else {
                return false
            }
            return true
        }

        /// Reads "D.M.YYYY" or "D.M.YY", day first as in French and German, after the day `dayRun`.
        private mutating func scanDottedDate(day dayRun: (value: Int, digits: Int)) -> Bool {
            guard year == nil, month == nil, day == nil, dayRun.digits <= 2 else { return false }
            index += 1
            let monthRun = readNumber()
            guard monthRun.digits <= 2, index < end, bytes[index] == ASCII.dot, isDigit(at: index + 1) else {
                return false
            }
            index += 1
            let yearRun = readNumber()
            switch yearRun.digits {
            case 4: year = yearRun.value
            case 2: year = DateParser.expandTwoDigitYear(yearRun.value)
            default: return false
            }
            (month, day) = (monthRun.value, dayRun.value)
            return true
        }

        /// Reads "+HH", "+H", "+HHMM" or "+HH:MM" (or with "-"); after "GMT" or "UTC" it is the whole zone.
        private mutating func scanOffset(replacingUTCName: Bool) -> Bool {
            let sign = bytes[index] == ASCII.minus ? -1 : 1
            index += 1
            let run = readNumber()
            var (hours, minutes) = (run.value, 0)
            switch run.digits {
            case 1, 2:
                if index < end, bytes[index] == ASCII.colon {
                    index += 1
                    let minuteRun = readNumber()
                    guard minuteRun.digits == 2 else { return false }
                    minutes = minuteRun.value
                }
            case 3, 4: (hours, minutes) = (run.value / 100, run.value % 100)
            default: return false
            }
            guard hours <= 23, minutes <= 59 else { return false }
            if offset == nil || replacingUTCName { offset = sign * (hours * 3_600 + minutes * 60) }
            return true
        }

        /// Reads a word: a month or day name, a zone, AM/PM, a filler, or a military zone letter after a time.
        private mutating func scanWord() -> Bool {
            guard let key = readWordKey() else { return false }
            let militaryZone: Word? = key < 32 && hour != nil ? .zone(seconds: 0) : nil
            guard let word = DateParser.word(forKey: key) ?? militaryZone else { return false }
            switch word {
            case .month(let value):
                guard month == nil || monthMayBeDayName else { return false }
                (month, monthMayBeDayName) = (value, false)
            case .dayNameOrMonth(let value):
                if month == nil { (month, monthMayBeDayName) = (value, true) }
            case .zone(let seconds):
                if offset == nil { (offset, offsetFollowsUTCName) = (seconds, seconds == 0) }
            case .meridiem(let value):
                if hour != nil, isPM == nil { isPM = value }
            case .dayName, .filler:
                break
            }
            return true
        }

        /// Reads letters, folding case and Latin-1 accents ("Déc" → "dec"), into a key for `DateParser.word`.
        ///
        /// Returns nil when there is no letter here or the word is longer than any name (12 letters).
        private mutating func readWordKey() -> UInt64? {
            var key: UInt64 = 0
            var length = 0
            while index < end {
                var letter = bytes[index] | 0x20
                if letter >= UInt8(ascii: "a"), letter <= UInt8(ascii: "z") {
                    index += 1
                } else if bytes[index] == 0xC3, index + 1 < end, let folded = DateParser.foldedLetter(bytes[index + 1])
                {
                    letter = folded
                    index += 2
                } else {
                    break
                }
                key = key << 5 | UInt64(letter - 0x60)
                length += 1
            }
            return length > 0 && length <= 12 ? key : nil
        }

        /// Skips a parenthesised comment, nested ones included; an unclosed comment runs to the end.
        private mutating func skipComment() {
            var depth = 0
            repeat {
                if bytes[index] == ASCII.openParenthesis {
                    depth += 1
                } else if bytes[index] == ASCII.closeParenthesis {
                    depth -= 1
                }
                index += 1
            } while depth > 0 && index < end
        }

        /// Reads a run of ASCII digits; `value` stops growing after 18 digits, more than any valid field has.
        private mutating func readNumber() -> (value: Int, digits: Int) {
            var (value, digits) = (0, 0)
            while let digit = digit(at: index) {
                if digits < 18 { value = value * 10 + digit }
                digits += 1
                index += 1
            }
            return (value, digits)
        }

        private func digit(at position: Int) -> Int? {
            guard position < end else { return nil }
            let value = Int(bytes[position]) - 0x30
            return value >= 0 && value <= 9 ? value : nil
        }

        private func isDigit(at position: Int) -> Bool {
            digit(at: position) != nil
        }

        /// The byte length of the whitespace at `position`, or nil: ASCII blanks, no-break and Unicode spaces.
        private func spaceWidth(at position: Int) -> Int? {
            switch bytes[position] {
            case 0x20, 0x09...0x0D:
                return 1
            case 0xC2 where position + 1 < end && bytes[position + 1] == 0xA0:
                return 2
            case 0xE2
            where position + 2 < end && bytes[position + 1] == 0x80
                && (0x80...0x8A ~= bytes[position + 2] || bytes[position + 2] == 0xAF):
                return 3
            default:
                return nil
            }
        }

        /// The ASCII bytes the scanner compares against.
        private enum ASCII {
            static let plus = UInt8(ascii: "+")
            static let minus = UInt8(ascii: "-")
            static let colon = UInt8(ascii: ":")
            static let dot = UInt8(ascii: ".")
            static let comma = UInt8(ascii: ",")
            static let slash = UInt8(ascii: "/")
            static let openParenthesis = UInt8(ascii: "(")
            static let closeParenthesis = UInt8(ascii: ")")
        }
    }
}
