import Foundation

/// What happens when a field, a person or an item is complete.
extension FeedBuilder {
    func finish(_ capture: Capture) {
        if capture.truncated {
            warnings.append("\(place): a field was longer than \(limits.maxFieldBytes) bytes and was cut short")
        }
        // Values are computed before `item` or `channel` is modified: computing them may append a warning that
        // names the item, and Swift forbids reading `item` while it is being modified.
        switch capture.target {
        case .feedTitle(let rank): channel.title.offer(nonEmpty(capture.plainText(reader: htmlReader)), rank: rank)
        case .feedLink(let rank): channel.link.offer(link(capture), rank: rank)
        case .feedLanguage:
            // "en_US" is a common misspelling of the language tag "en-US".
            let tag = capture.rawText().replacingOccurrences(of: "_", with: "-")
            channel.language = channel.language ?? nonEmpty(tag)
        case .feedUpdated(let rank, let name):
            let value = date(capture, element: name)
            channel.updated.offer(value, rank: rank)
        case .ttl: channel.ttlMinutes = Double(capture.rawText())
        case .updatePeriod: channel.updatePeriod = nonEmpty(capture.rawText())
        case .updateFrequency: channel.updateFrequency = Double(capture.rawText())
        case .itemTitle(let rank): item?.title.offer(nonEmpty(capture.plainText(reader: htmlReader)), rank: rank)
        case .itemLink(let rank): item?.link.offer(link(capture), rank: rank)
        case .itemID(let rank): item?.id.offer(nonEmpty(capture.rawText()), rank: rank)
        case .guid(let isPermaLink):
            let guid = nonEmpty(capture.rawText())
            item?.id.offer(guid, rank: 1)
            if isPermaLink, let guid, guid.hasPrefix("http://") || guid.hasPrefix("https://") {
                item?.link.offer(URIResolver.resolve(guid, against: capture.base), rank: 3)
            }
        case .itemPublished(let rank, let name):
            let value = date(capture, element: name)
            item?.published.offer(value, rank: rank)
        case .itemUpdated(let rank, let name):
            let value = date(capture, element: name)
            item?.updated.offer(value, rank: rank)
        case .itemAuthor: item?.authors.appendUnique(capture.plainText(reader: htmlReader))
        case .itemCategory: item?.categories.appendUnique(capture.plainText(reader: htmlReader))
        case .itemSummary(let rank): item?.summary.offer(nonEmpty(plainTextOnce(capture)), rank: rank)
        case .itemContent(let rank): item?.content.offer(nonEmpty(plainTextOnce(capture)), rank: rank)
        case .personName: person?.name = nonEmpty(capture.plainText(reader: htmlReader))
        case .personEmail: person?.email = nonEmpty(capture.rawText())
        }
    }

    /// The plain text of a summary or content, reusing the previous field's when it holds the same HTML: many news
    /// feeds carry the whole article twice (`description` and `content:encoded`), and its HTML is read once.
    func plainTextOnce(_ capture: Capture) -> String {
        guard capture.mode == .html else { return capture.plainText(reader: htmlReader) }
        if let last = lastMarkup, last.bytes == capture.bytes { return last.text }
        let text = capture.plainText(reader: htmlReader)
        lastMarkup = (capture.bytes, text)
        return text
    }

    func finishPerson() {
        if let person, let name = person.name ?? person.email {
            item?.authors.appendUnique(name)
        }
        person = nil
    }

    func finishItem() {
        guard let draft = item else { return }
        item = nil
        appendItem(draft.makeItem())
    }

    /// Where the parse is, for warnings: "item 3" or "the feed".
    private var place: String {
        item != nil ? "item \(itemCount)" : "the feed"
    }

    private func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }

    private func link(_ capture: Capture) -> String? {
        let raw = capture.rawText()
        return raw.isEmpty ? nil : URIResolver.resolve(raw, against: capture.base)
    }

    private func date(_ capture: Capture, element: String) -> Date? {
        let raw = capture.rawText()
        guard !raw.isEmpty else { return nil }
        if let parsed = DateParser.parse(raw) { return parsed }
        let shown = raw.count > 60 ? String(raw.prefix(60)) + "…" : raw
        warnings.append("\(place): unparseable date \"\(shown)\" in <\(element)>; left empty")
        return nil
    }
}
