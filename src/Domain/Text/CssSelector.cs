using System.Text;

namespace CitationMonitor.Domain.Text;

/// <summary>
/// Translates a small subset of CSS selectors to XPath 1.0, for ignore rules written by people rather than machines.
/// Supported: type selectors and <c>*</c>, <c>#id</c>, <c>.class</c> (whole class token), <c>[attr]</c>,
/// <c>[attr=value]</c>, <c>[attr^=value]</c>, <c>[attr*=value]</c> (value bare or quoted), compounds such as
/// <c>div.news#x</c>, the descendant (space) and child (<c>&gt;</c>) combinators, and comma-separated groups.
/// Anything else (pseudo-classes, <c>+</c>, <c>~</c>, other attribute operators, namespaces) is rejected.
/// Element and attribute names are matched in lower case, as HtmlAgilityPack stores them.
/// </summary>
public static class CssSelector
{
    /// <summary>Translates <paramref name="selector"/> to an XPath expression that selects the matching elements.</summary>
    /// <param name="selector">A CSS selector in the supported subset.</param>
    /// <returns>An XPath expression; groups become a union (<c>|</c>).</returns>
    /// <exception cref="ArgumentException">The selector is empty or uses something outside the subset; the message says what.</exception>
    public static string ToXPath(string selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            throw new ArgumentException("A CSS selector is empty.", nameof(selector));
        }

        var parser = new Parser(selector);
        return parser.ParseGroup();
    }

    private sealed class Parser(string selector)
    {
        private readonly string _selector = selector;
        private int _position;

        public string ParseGroup()
        {
            var alternatives = new List<string>();
            while (true)
            {
                SkipSpaces();
                alternatives.Add(ParseComplex());
                SkipSpaces();
                if (AtEnd)
                {
                    break;
                }

                Expect(',');
            }

            return string.Join(" | ", alternatives);
        }

        private bool AtEnd => _position >= _selector.Length;

        private char Current => _selector[_position];

        private string ParseComplex()
        {
            var xpath = new StringBuilder("//");
            xpath.Append(ParseCompound());
            while (true)
            {
                var hadSpace = SkipSpaces();
                if (AtEnd || Current == ',')
                {
                    return xpath.ToString();
                }

                if (Current == '>')
                {
                    _position++;
                    SkipSpaces();
                    xpath.Append('/');
                }
                else if (hadSpace)
                {
                    xpath.Append("//");
                }
                else
                {
                    throw Error($"unexpected '{Current}'");
                }

                xpath.Append(ParseCompound());
            }
        }

        private string ParseCompound()
        {
            if (AtEnd)
            {
                throw Error("a combinator or comma is not followed by a selector");
            }

            var element = "*";
            var any = false;
            if (Current == '*')
            {
                _position++;
                any = true;
            }
            else if (IsNameChar(Current))
            {
                element = ReadName("element name").ToLowerInvariant();
                any = true;
            }

            var predicates = new StringBuilder();
            while (!AtEnd)
            {
                switch (Current)
                {
                    case '#':
                        _position++;
                        predicates.Append("[@id=").Append(Literal(ReadName("id"))).Append(']');
                        break;
                    case '.':
                        _position++;
                        predicates.Append("[contains(concat(' ', normalize-space(@class), ' '), ")
                            .Append(Literal($" {ReadName("class name")} ")).Append(")]");
                        break;
                    case '[':
                        _position++;
                        predicates.Append(ParseAttribute());
                        break;
                    case ':':
                        throw Error("pseudo-classes and pseudo-elements (':') are not supported");
                    case '+' or '~':
                        throw Error($"the '{Current}' combinator is not supported; use a space or '>'");
                    case ' ' or '\t' or '\n' or '\r' or '>' or ',':
                        return Finish(element, predicates, any);
                    default:
                        throw Error($"unexpected '{Current}'");
                }

                any = true;
            }

            return Finish(element, predicates, any);
        }

        private string Finish(string element, StringBuilder predicates, bool any)
        {
            if (!any)
            {
                throw Error("expected a selector");
            }

            return element + predicates;
        }

        private string ParseAttribute()
        {
            SkipSpaces();
            var name = ReadName("attribute name").ToLowerInvariant();
            SkipSpaces();
            if (AtEnd)
            {
                throw Error("unclosed '['");
            }

            if (Current == ']')
            {
                _position++;
                return $"[@{name}]";
            }

            var op = Current switch
            {
                '=' => "=",
                '^' or '*' when Peek(1) == '=' => Current + "=",
                _ => throw Error(Current is '$' or '~' or '|' or '!'
                    ? $"the attribute operator '{Current}=' is not supported; use =, ^= or *="
                    : $"unexpected '{Current}' in an attribute selector"),
            };
            _position += op.Length;
            SkipSpaces();
            var value = ReadValue();
            SkipSpaces();
            if (AtEnd || Current != ']')
            {
                throw Error(AtEnd ? "unclosed '['" : "attribute flags such as ' i' are not supported");
            }

            _position++;
            var literal = Literal(value);
            return op switch
            {
                "=" => $"[@{name}={literal}]",
                "^=" => $"[starts-with(@{name}, {literal})]",
                _ => $"[contains(@{name}, {literal})]",
            };
        }

        private string ReadValue()
        {
            if (AtEnd)
            {
                throw Error("an attribute value is missing");
            }

            if (Current is '"' or '\'')
            {
                var quote = Current;
                var end = _selector.IndexOf(quote, _position + 1);
                if (end < 0)
                {
                    throw Error("unclosed quoted value");
                }

                var value = _selector[(_position + 1)..end];
                if (value.Contains('\\', StringComparison.Ordinal))
                {
                    throw Error("escapes in values are not supported");
                }

                _position = end + 1;
                return value;
            }

            return ReadName("attribute value");
        }

        private string ReadName(string what)
        {
            var start = _position;
            while (!AtEnd && IsNameChar(Current))
            {
                _position++;
            }

            if (_position == start)
            {
                throw Error(AtEnd ? $"expected {what} at the end" : $"expected {what}, found '{Current}'");
            }

            return _selector[start.._position];
        }

        private char? Peek(int offset) => _position + offset < _selector.Length ? _selector[_position + offset] : null;

        private bool SkipSpaces()
        {
            var start = _position;
            while (!AtEnd && char.IsWhiteSpace(Current))
            {
                _position++;
            }

            return _position > start;
        }

        private void Expect(char expected)
        {
            if (AtEnd || Current != expected)
            {
                throw Error(AtEnd ? $"expected '{expected}' at the end" : $"expected '{expected}', found '{Current}'");
            }

            _position++;
        }

        private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || c > 0x7F;

        private ArgumentException Error(string problem) =>
            new($"CSS selector '{_selector}' is not supported: {problem} (at position {_position + 1}). Supported: "
                + "type, *, #id, .class, [attr], [attr=v], [attr^=v], [attr*=v], descendant ' ', child '>' and ',' groups; "
                + "or write XPath starting with '/'.");

        /// <summary>
        /// An XPath 1.0 string literal. XPath has no escapes; a CSS value here cannot hold both quote kinds (escapes
        /// are rejected), so one of the two always works.
        /// </summary>
        private static string Literal(string value) =>
            value.Contains('\'', StringComparison.Ordinal) ? $"\"{value}\"" : $"'{value}'";
    }
}
