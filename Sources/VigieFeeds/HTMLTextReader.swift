import CLibXML2

/// One libxml2 HTML parser context, reused for every HTML field of one feed: ``HTMLText`` otherwise makes (and
/// frees) a context per field, its dictionary, stacks and buffers included, which a feed of thousands of HTML fields
/// pays thousands of times.
///
/// The one owner of its context, freed in `deinit`. A reader serves one parse of one feed at a time (a
/// ``FeedBuilder``'s): it is never shared between threads. Each use resets the context (`htmlCtxtReadMemory`), so
/// nothing of one field's parse carries into the next but the dictionary of element names, which a feed's fields
/// share anyway.
final class HTMLTextReader {
    /// The context, made at the first fragment ``HTMLFragmentScanner`` declines (most feeds need none); still `nil`
    /// after that when libxml2 could not allocate one (each parse then makes its own).
    private var context: htmlParserCtxtPtr?
    /// Whether fragments go through ``HTMLFragmentScanner`` first (`false`: libxml2 reads them all, for tests that
    /// compare the two).
    let scanning: Bool

    /// A reader; its context is made when first needed.
    init(scanning: Bool = true) {
        self.scanning = scanning
    }

    deinit {
        if let context { htmlFreeParserCtxt(context) }
    }

    /// Parses `source` (a prepared fragment, UTF-8) with ``HTMLText``'s SAX callbacks, which receive `sink`; false
    /// when this reader has no context (the caller then parses as usual).
    func parse(_ source: UnsafeBufferPointer<CChar>, into sink: UnsafeMutableRawPointer) -> Bool {
        if context == nil {
            _ = HTMLText.parserInitialized
            context = htmlNewParserCtxt()
        }
        guard let context, let sax = context.pointee.sax else { return false }
        sax.pointee = HTMLText.saxHandler
        context.pointee.userData = sink
        // Resets the context, reads `source` as UTF-8, parses it through the callbacks; no tree is built (the
        // callbacks build none), but a document libxml2 might return is freed.
        if let document = htmlCtxtReadMemory(
            context, source.baseAddress, Int32(source.count), nil, "UTF-8", HTMLText.parseOptions)
        {
            xmlFreeDoc(document)
        }
        context.pointee.userData = nil
        return true
    }
}
