/// The state of one parse, reached from libxml2 callbacks through the context's user data.
final class TextSink {
    var text: CollapsedText
    /// How many dropped-content elements are open; text is kept only at zero.
    private var droppedDepth = 0

    init(capacity: Int) {
        text = CollapsedText(capacity: capacity, controlCharactersAreWhitespace: false)
    }

    static func from(_ context: UnsafeMutableRawPointer) -> TextSink {
        Unmanaged<TextSink>.fromOpaque(context).takeUnretainedValue()
    }

    func enterElement(_ name: UnsafePointer<UInt8>) {
        switch HTMLElement(cString: name)?.role {
        case .boundary: text.separateWords()
        case .droppedContent:
            text.separateWords()
            droppedDepth += 1
        case nil: break
        }
    }

    func leaveElement(_ name: UnsafePointer<UInt8>) {
        switch HTMLElement(cString: name)?.role {
        case .boundary: text.separateWords()
        case .droppedContent:
            text.separateWords()
            droppedDepth = max(droppedDepth - 1, 0)
        case nil: break
        }
    }

    /// An end tag with no open element to close (`a</p>b`): a block one still separates words.
    func noteStrayEndTag(_ name: UnsafePointer<UInt8>) {
        if HTMLElement(cString: name)?.role != nil { text.separateWords() }
    }

    func appendText(_ characters: UnsafeBufferPointer<UInt8>) {
        if droppedDepth == 0 { text.append(characters) }
    }
}
