/// What Vigie knows of an HTML element when it turns markup into text: its name packed for lookups without
/// allocating, the part it plays in the text (``Role``), and the rules of libxml2's HTML parser (2.9.14,
/// `HTMLparser.c`) that ``HTMLFragmentScanner`` follows to give the same text without the parser: the empty
/// elements, the start tags that close an open element, and the priorities that let an end tag close others.
struct HTMLElement: Hashable {
    /// What an element does to the text around and inside it.
    enum Role {
        /// A block (or `br`, `img`…): words on either side never run together.
        case boundary
        /// Content dropped (script, style…); also a boundary.
        case droppedContent
    }

    /// The name's first 8 bytes, lowercased ASCII, little-endian.
    private(set) var low: UInt64 = 0
    /// The name's next 8 bytes.
    private(set) var high: UInt64 = 0
    /// Its place among the elements the tables below name (``known``), -1 for any other: every property is then
    /// an array lookup, with no hashing.
    private(set) var index: Int16 = -1

    /// The element named `name` (at most 16 ASCII bytes, lowercase).
    init(_ name: String) {
        for (offset, byte) in name.utf8.enumerated() { set(byte, at: offset) }
        index = Self.lookUp(low, high)
    }

    /// The name of a NUL-terminated element name, or nil when it is longer than 16 bytes (no known element is).
    init?(cString name: UnsafePointer<UInt8>) {
        var offset = 0
        while name[offset] != 0 {
            guard offset < 16 else { return nil }
            set(Self.lowercased(name[offset]), at: offset)
            offset += 1
        }
        index = Self.lookUp(low, high)
    }

    /// The name in `bytes[range]`, lowercased; nil when it is longer than 16 bytes.
    init?(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard range.count <= 16 else { return nil }
        for (offset, index) in range.enumerated() { set(Self.lowercased(bytes[index]), at: offset) }
        index = Self.lookUp(low, high)
    }

    /// A name for the tables themselves, before they exist.
    private init(tableName name: Substring) {
        for (offset, byte) in name.utf8.enumerated() { set(byte, at: offset) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    private mutating func set(_ byte: UInt8, at offset: Int) {
        if offset < 8 {
            low |= UInt64(byte) << (8 * offset)
        } else {
            high |= UInt64(byte) << (8 * (offset - 8))
        }
    }

    /// What the element does to the text, if anything.
    var role: Role? { index < 0 ? nil : Self.tables.roles[Int(index)] }

    /// Whether the element has no content and no end tag (`br`, `img`…): libxml2 ends it as soon as it starts.
    var isEmpty: Bool { index >= 0 && Self.tables.empty[Int(index)] }

    /// Whether its content is raw text, up to its end tag (`script`, `style`).
    var hasRawText: Bool { self == Self.script || self == Self.style }

    /// Whether a start tag of `newElement` closes this element when it is the innermost open one (`<p>` closes an
    /// open `p`, `<li>` an open `li`).
    func isClosed(byStartOf newElement: HTMLElement) -> Bool {
        guard index >= 0, newElement.index >= 0 else { return false }
        let bits = Self.tables.closedBy[Int(index)]
        let bit = Int(newElement.index)
        return (bit < 64 ? bits.0 >> bit : bits.1 >> (bit - 64)) & 1 == 1
    }

    /// How far an end tag of this element may close the elements opened after it: past those of lower or equal
    /// priority only (`</b>` does not close a `div` opened inside the `b`).
    var endPriority: Int { index < 0 ? 100 : Self.tables.priorities[Int(index)] }

    static let script = HTMLElement("script")
    static let style = HTMLElement("style")

    /// The index of the known element with this name, -1 if none (open addressing over 256 slots).
    private static func lookUp(_ low: UInt64, _ high: UInt64) -> Int16 {
        let tables = Self.tables
        var slot = slot(low, high)
        while true {
            let entry = tables.slots[slot]
            if entry < 0 { return -1 }
            let known = tables.known[Int(entry)]
            if known.low == low && known.high == high { return entry }
            slot = (slot + 1) & 255
        }
    }

    private static func slot(_ low: UInt64, _ high: UInt64) -> Int {
        Int(truncatingIfNeeded: ((low &* 0x9E37_79B9_7F4A_7C15) ^ (high &* 0xC2B2_AE3D_27D4_EB4F)) >> 56)
    }

    /// Everything the properties read, by element index.
    private struct Tables {
        var known: [HTMLElement] = []
        var slots = [Int16](repeating: -1, count: 256)
        var roles: [Role?] = []
        var empty: [Bool] = []
        var priorities: [Int] = []
        /// For each element, the bits of the elements whose start tag closes it (at most 128 known elements).
        var closedBy: [(UInt64, UInt64)] = []

        mutating func add(_ name: Substring) -> Int {
            let element = HTMLElement(tableName: name)
            var slot = HTMLElement.slot(element.low, element.high)
            while slots[slot] >= 0 {
                if known[Int(slots[slot])] == element { return Int(slots[slot]) }
                slot = (slot + 1) & 255
            }
            precondition(known.count < 128, "at most 128 known HTML elements")
            slots[slot] = Int16(known.count)
            known.append(element)
            roles.append(nil)
            empty.append(false)
            priorities.append(100)
            closedBy.append((0, 0))
            return known.count - 1
        }
    }

    private static let tables: Tables = {
        var tables = Tables()
        for name in boundaries.split(separator: " ") { tables.roles[tables.add(name)] = .boundary }
        for name in dropped.split(separator: " ") { tables.roles[tables.add(name)] = .droppedContent }
        for name in emptyElements.split(separator: " ") { tables.empty[tables.add(name)] = true }
        for entry in endPriorities.split(separator: " ") {
            let parts = entry.split(separator: ":")
            tables.priorities[tables.add(parts[0])] = Int(parts[1]) ?? 100
        }
        for line in closedByStart.split(separator: "\n") {
            let parts = line.split(separator: ":")
            let open = tables.add(parts[0])
            for name in parts[1].split(separator: " ") {
                let bit = tables.add(name)
                if bit < 64 { tables.closedBy[open].0 |= 1 << bit } else { tables.closedBy[open].1 |= 1 << (bit - 64) }
            }
        }
        return tables
    }()

    private static let boundaries = """
        p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table caption tr td th thead tbody tfoot blockquote pre hr \
        section article header footer aside nav main figure figcaption address details summary form fieldset \
        legend select option textarea button img video audio source center menu hgroup dialog
        """

    private static let dropped = "script style noscript template head title iframe object svg"

    /// libxml2's empty elements (`empty` in its `html40ElementTable`).
    private static let emptyElements = "area base basefont br col frame hr img input isindex link meta param"

    /// libxml2's `htmlEndPriority` table; every other element has 100.
    private static let endPriorities =
        "div:150 td:160 th:160 tr:170 thead:180 tbody:180 tfoot:180 table:190 head:200 body:200 html:220"

    /// libxml2's `htmlStartClose` table: each open element, then the start tags that close it.
    private static let closedByStart = """
        a: a fieldset table td th
        address: dd dl dt form li ul
        b: center p td th
        big: p
        caption: col colgroup tbody tfoot thead tr
        col: col colgroup tbody tfoot thead tr
        colgroup: colgroup tbody tfoot thead tr
        dd: dt
        dir: dd dl dt form ul
        dl: form li
        dt: dd dl
        font: center td th
        form: form
        h1: fieldset form li p table
        h2: fieldset form li p table
        h3: fieldset form li p table
        h4: fieldset form li p table
        h5: fieldset form li p table
        h6: fieldset form li p table
        head: a abbr acronym address b bdo big blockquote body br center cite code dd dfn dir div dl dt em \
        fieldset font form frameset h1 h2 h3 h4 h5 h6 hr i iframe img kbd li listing map menu ol p pre q s samp \
        small span strike strong sub sup table tt u ul var xmp
        hr: form
        i: center p td th
        legend: fieldset
        li: li
        link: body frameset
        listing: dd dl dt fieldset form li table ul
        menu: dd dl dt form ul
        ol: form ul
        option: optgroup option
        p: address blockquote body caption center col colgroup dd dir div dl dt fieldset form frameset h1 h2 h3 \
        h4 h5 h6 head hr li listing menu ol p pre table tbody td tfoot th title tr ul xmp
        pre: dd dl dt fieldset form li table ul
        s: p
        script: noscript
        small: p
        span: td th
        strike: p
        style: body frameset
        tbody: tbody tfoot
        td: tbody td tfoot th tr
        tfoot: tbody
        th: tbody td tfoot th tr
        thead: tbody tfoot
        title: body frameset
        tr: tbody tfoot tr
        tt: p
        u: p td th
        ul: address form menu ol pre
        xmp: dd dl dt fieldset form li table ul
        """
}
