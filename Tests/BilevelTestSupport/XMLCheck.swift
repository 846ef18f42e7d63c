import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses a document as XML (Foundation's `XMLParser`) and counts its elements by name: the check
/// that an SVG written by the project is well-formed.
public enum XMLCheck {
    /// What a parse saw.
    public struct Summary: Sendable {
        /// The first element's name.
        public var root: String?
        /// How many elements of each name.
        public var counts: [String: Int]
        /// The attributes of every element, in document order.
        public var elements: [(name: String, attributes: [String: String])]
        /// The text content of each element that has some, joined with single spaces.
        public var text: String
    }

    /// Throws the parser's error when `text` is not well-formed XML.
    public static func parse(_ text: String) throws -> Summary {
        let parser = XMLParser(data: Data(text.utf8))
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse() else {
            throw CorpusError("not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown error") "
                              + "at line \(parser.lineNumber)")
        }
        return Summary(root: collector.elements.first?.name, counts: collector.counts, elements: collector.elements,
                       text: collector.text.joined(separator: " "))
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var counts: [String: Int] = [:]
        var elements: [(name: String, attributes: [String: String])] = []
        var text: [String] = []
        private var current = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String]) {
            flush()
            counts[name, default: 0] += 1
            elements.append((name, attributes))
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            flush()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

        private func flush() {
            let t = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !t.isEmpty { text.append(t) }
            current = ""
        }
    }
}
