using System.Globalization;
using Netstate.Core.Model;
using Netstate.Core.Names;

namespace Netstate.Core.Query;

/// <summary>
/// Recursive-descent parser for the filter language (docs/filters.md). Precedence, loosest first:
/// <c>or</c>, <c>and</c> (also written as juxtaposition), <c>not</c>; ss instead reads strictly left to
/// right. Values are resolved here, once, through <see cref="IFilterNames"/>.
/// </summary>
internal sealed class FilterParser
{
    /// <summary>Every keyword that can start a condition, for messages and for telling a filter from a typo.</summary>
    public static readonly IReadOnlyList<string> Keywords =
    [
        "state", "exclude", "excl", "sport", "dport", "port", "src", "dst", "addr", "dev", "fwmark", "cgroup", "autobound",
        "pid", "uid", "user", "comm", "process", "netns", "proto", "family", "inode", "queue", "recvq", "sendq",
    ];

    /// <summary>
    /// How deep '(' and 'not' may nest. Every later pass over a filter (evaluation, push-down,
    /// printing) recurses over its tree; with nesting bounded here and chains of 'and'/'or' built
    /// balanced, no input can make a tree deep enough to overflow the stack.
    /// </summary>
    public const int MaxNesting = 100;

    private readonly List<FilterToken> _tokens;
    private readonly IFilterNames _names;
    private int _next;
    private int _nesting;

    private FilterParser(List<FilterToken> tokens, IFilterNames names)
    {
        _tokens = tokens;
        _names = names;
    }

    /// <summary>Parses a whole expression; throws <see cref="FilterSyntaxException"/> with the position of the first mistake.</summary>
    public static FilterNode Parse(string text, IFilterNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var parser = new FilterParser(FilterLexer.Tokenize(text), names);
        if (parser.Peek.Kind == FilterTokenKind.End)
            throw new FilterSyntaxException("the filter is empty", 0);
        FilterNode root = parser.ParseOr();
        FilterToken rest = parser.Peek;
        if (rest.Kind != FilterTokenKind.End)
        {
            throw new FilterSyntaxException(rest.Kind == FilterTokenKind.CloseParen
                ? "')' has no matching '('"
                : $"unexpected '{rest.Text}'", rest.Start);
        }
        return root;
    }

    /// <summary>True when a word can begin a filter: a keyword, 'not', '!' or '('. Lets the command line tell a filter from a typo.</summary>
    public static bool CanStart(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        string trimmed = word.TrimStart('(', '!', ' ');
        if (trimmed.Length < word.Length && trimmed.Length == 0)
            return true;
        string first = trimmed.Split([' ', '\t', '(', ')', '=', '<', '>', '!'], 2)[0];
        return first.Equals("not", StringComparison.OrdinalIgnoreCase)
            || Keywords.Contains(first.ToLowerInvariant());
    }

    private FilterToken Peek => _tokens[_next];

    private FilterToken PeekAt(int offset) => _tokens[Math.Min(_next + offset, _tokens.Count - 1)];

    private FilterToken Take() => _tokens[_next++];

    private FilterNode ParseOr()
    {
        var operands = new List<FilterNode> { ParseAnd() };
        while (Peek.Kind == FilterTokenKind.Or || Peek.IsWord("or"))
        {
            FilterToken op = Take();
            operands.Add(ParseAnd(op));
        }
        return Balanced(operands, 0, operands.Count, static (left, right) => new OrNode(left, right));
    }

    /// <summary>
    /// Joins a chain of operands into a tree of depth log2(n), not n, so a filter of 100,000 ports
    /// joined by 'or' cannot overflow the stack of whatever walks it. The left half takes the extra
    /// operand, so 'a or b or c' is (or (or a b) c), as a left-to-right reading gives.
    /// </summary>
    private static FilterNode Balanced(List<FilterNode> operands, int start, int count, Func<FilterNode, FilterNode, FilterNode> join)
    {
        if (count == 1)
            return operands[start];
        int left = (count + 1) / 2;
        return join(Balanced(operands, start, left, join), Balanced(operands, start + left, count - left, join));
    }

    /// <summary>
    /// Operands joined by 'and', '&amp;', '&amp;&amp;' or nothing. A run of state/exclude clauses joined by
    /// nothing combines as in ss (<c>state established state syn-sent</c> is either state).
    /// </summary>
    private FilterNode ParseAnd(FilterToken? after = null)
    {
        var operands = new List<FilterNode>();
        (FilterNode first, bool firstIsState) = ParseUnary(after);
        operands.Add(first);
        bool lastIsStateClause = firstIsState;
        while (true)
        {
            FilterToken token = Peek;
            bool explicitAnd = token.Kind == FilterTokenKind.And || token.IsWord("and");
            if (explicitAnd)
                Take();
            else if (!StartsOperand(token))
                break;
            (FilterNode next, bool nextIsState) = ParseUnary(explicitAnd ? token : null);
            if (!explicitAnd && lastIsStateClause && nextIsState)
            {
                // 'exclude' already holds the complement: intersect it; 'state' adds its states.
                uint previous = ((StatePredicate)operands[^1]).Mask;
                uint added = ((StatePredicate)next).Mask;
                operands[^1] = new StatePredicate(_lastClauseExcluded ? previous & added : previous | added);
                continue;
            }
            operands.Add(next);
            lastIsStateClause = nextIsState;
        }
        return Balanced(operands, 0, operands.Count, static (left, right) => new AndNode(left, right));
    }

    /// <summary>Whether the last state clause read was 'exclude' (its mask is already the complement).</summary>
    private bool _lastClauseExcluded;

    private static bool StartsOperand(FilterToken token) => token.Kind switch
    {
        FilterTokenKind.Word => !token.IsWord("or"),
        FilterTokenKind.OpenParen or FilterTokenKind.Not => true,
        _ => false,
    };

    private (FilterNode Node, bool IsStateClause) ParseUnary(FilterToken? after = null)
    {
        FilterToken token = Peek;
        if (token.Kind == FilterTokenKind.Not || token.IsWord("not"))
        {
            Take();
            Nest(token);
            FilterNode operand = ParseUnary(token).Node;
            _nesting--;
            return (new NotNode(operand), false);
        }
        if (token.Kind == FilterTokenKind.OpenParen)
        {
            Take();
            Nest(token);
            if (Peek.Kind == FilterTokenKind.CloseParen)
                throw new FilterSyntaxException("'()' holds no condition", Peek.Start);
            FilterNode inner = ParseOr();
            if (Peek.Kind != FilterTokenKind.CloseParen)
                throw new FilterSyntaxException(Peek.Kind == FilterTokenKind.End ? "'(' is never closed" : $"expected ')' to close the '(' at {token.Start + 1}, found '{Peek.Text}'",
                    Peek.Kind == FilterTokenKind.End ? token.Start : Peek.Start);
            Take();
            _nesting--;
            return (inner, false);
        }
        if (token.Kind == FilterTokenKind.Word && !token.Quoted && !token.IsWord("and") && !token.IsWord("or"))
            return ParsePredicate(Take());
        throw MissingCondition(token, after);
    }

    /// <summary>One level deeper into '(' or 'not'; a caret error at <paramref name="token"/> beyond <see cref="MaxNesting"/>.</summary>
    private void Nest(FilterToken token)
    {
        if (++_nesting > MaxNesting)
            throw new FilterSyntaxException($"the filter nests '(' and 'not' more than {MaxNesting} deep", token.Start);
    }

    private static FilterSyntaxException MissingCondition(FilterToken token, FilterToken? after)
    {
        string where = after is { } a ? $" after '{a.Text}'" : "";
        return token.Kind switch
        {
            FilterTokenKind.End => new FilterSyntaxException($"a condition is missing{where} at the end of the filter", token.Start),
            FilterTokenKind.CloseParen => new FilterSyntaxException($"a condition is missing{where} before ')'", token.Start),
            _ => new FilterSyntaxException($"expected a condition{where}, found '{token.Text}'", token.Start),
        };
    }

    private (FilterNode, bool) ParsePredicate(FilterToken keyword)
    {
        string name = keyword.Text.ToLowerInvariant();
        switch (name)
        {
            case "state":
            case "exclude" or "excl":
                _lastClauseExcluded = name != "state";
                return (ParseState(keyword, exclude: _lastClauseExcluded), true);
            case "sport":
                return (ParsePort(keyword, EndpointSide.Local), false);
            case "dport":
                return (ParsePort(keyword, EndpointSide.Remote), false);
            case "port":
                return (ParsePort(keyword, EndpointSide.Either), false);
            case "src":
                return (ParseAddress(keyword, EndpointSide.Local), false);
            case "dst":
                return (ParseAddress(keyword, EndpointSide.Remote), false);
            case "addr":
                return (ParseAddress(keyword, EndpointSide.Either), false);
            case "autobound":
                (ushort low, ushort high) = _names.EphemeralPorts;
                return (new AutoboundPredicate(low, high), false);
            case "dev":
                return (EqualityOnly(keyword, ParseDevice, "an interface name"), false);
            case "fwmark":
                return (EqualityOnly(keyword, ParseMark, "a mark"), false);
            case "cgroup":
                return (EqualityOnly(keyword, ParseCgroup, "a cgroup path"), false);
            case "netns":
                return (EqualityOnly(keyword, value => new NamespacePredicate(new GlobPattern(value.Text, ignoreCase: false)), "a namespace name, container or net:[inode]"), false);
            case "comm" or "process":
                return (EqualityOnly(keyword, value => new ProcessNamePredicate(new GlobPattern(value.Text, ignoreCase: false)), "a program name or pattern"), false);
            case "proto":
                return (EqualityOnly(keyword, ParseProtocol, "a protocol"), false);
            case "family":
                return (EqualityOnly(keyword, ParseFamily, "a family"), false);
            case "pid":
                (Comparison pidComparison, FilterToken pid) = ComparisonAndValue(keyword, "a process id");
                return (new PidPredicate(pidComparison, (int)Number(pid, int.MaxValue, "a process id")), false);
            case "uid" or "user":
                (Comparison uidComparison, FilterToken user) = ComparisonAndValue(keyword, "a user name or uid");
                return (new NumberPredicate(NumericField.Uid, uidComparison, UserId(user)), false);
            case "inode":
                return (ParseNumber(keyword, NumericField.Inode, "an inode number"), false);
            case "queue":
                return (ParseNumber(keyword, NumericField.Queue, "a byte count"), false);
            case "recvq":
                return (ParseNumber(keyword, NumericField.RecvQueue, "a byte count"), false);
            case "sendq":
                return (ParseNumber(keyword, NumericField.SendQueue, "a byte count"), false);
            default:
                throw new FilterSyntaxException(keyword.Text.StartsWith('-')
                    ? $"'{keyword.Text}' looks like an option, but options must come before the filter"
                    : $"unknown filter keyword '{keyword.Text}' (known: {string.Join(", ", Keywords)}, and, or, not)", keyword.Start);
        }
    }

    private StatePredicate ParseState(FilterToken keyword, bool exclude)
    {
        FilterToken value = Value(keyword, "a state name");
        uint mask = StateNames.MaskOf(value.Text)
            ?? throw new FilterSyntaxException($"unknown state '{value.Text}' (use {StateNames.Listing})", value.Start);
        return new StatePredicate(exclude ? StateNames.Everything & ~mask : mask);
    }

    private FilterNode ParsePort(FilterToken keyword, EndpointSide side)
    {
        (Comparison comparison, FilterToken value) = ComparisonAndValue(keyword, "a port");
        int port = PortValue(value.Text, value.Start);
        if (port < 0 && comparison is not (Comparison.Equal or Comparison.NotEqual))
            throw new FilterSyntaxException($"'*' (any port) can only be compared with = or !=", value.Start);
        // "port != 22": neither end is 22, the negation of "port = 22" (not "some end is not 22").
        return side == EndpointSide.Either && comparison == Comparison.NotEqual
            ? new NotNode(new PortPredicate(side, Comparison.Equal, port))
            : new PortPredicate(side, comparison, port);
    }

    /// <summary><c>:443</c>, <c>443</c>, <c>*</c>, or a service name (<c>https</c>, <c>:ssh</c>); -1 means any port.</summary>
    private int PortValue(string text, int position)
    {
        string port = text.StartsWith(':') ? text[1..] : text;
        if (port is "*" or "")
            return port == "*" ? -1 : throw new FilterSyntaxException("a port number or name is missing after ':'", position);
        if (port.All(char.IsAsciiDigit))
        {
            return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number <= ushort.MaxValue
                ? number
                : throw new FilterSyntaxException($"port '{port}' is out of range (0-65535)", position);
        }
        ushort? tcp = _names.ServicePort(port, ServiceTable.Tcp);
        ushort? udp = _names.ServicePort(port, ServiceTable.Udp);
        if (tcp is { } t && udp is { } u && t != u)
            throw new FilterSyntaxException($"service '{port}' is ambiguous: {t}/tcp but {u}/udp; give the number", position);
        return tcp ?? udp ?? throw new FilterSyntaxException($"'{port}' is neither a port number nor a service name in /etc/services", position);
    }

    private FilterNode ParseAddress(FilterToken keyword, EndpointSide side) =>
        EqualityOnly(keyword, value => HostCondition(value, side), "an address");

    /// <summary>
    /// ss's host condition: <c>*</c>, <c>ADDR</c>, <c>ADDR/LEN</c>, <c>ADDR:PORT</c>, <c>[V6]:PORT</c>,
    /// <c>:PORT</c>, <c>*:PORT</c>, a host name, each optionally after <c>inet:</c> or <c>inet6:</c>; or <c>unix:PATTERN</c>.
    /// Unlike ss, a bare IPv6 address (<c>::1</c>) is an address, not "::" and port 1.
    /// </summary>
    private AddressPredicate HostCondition(FilterToken value, EndpointSide side)
    {
        string text = value.Text;
        int offset = value.Start + (value.Quoted ? 1 : 0);
        if (text.StartsWith("unix:", StringComparison.Ordinal))
            return new AddressPredicate(side, null, -1, Family.Unix, new GlobPattern(text[5..], ignoreCase: true));
        Family? family = null;
        if (text.StartsWith("inet:", StringComparison.Ordinal) || text.StartsWith("inet6:", StringComparison.Ordinal))
        {
            family = text[4] == ':' ? Family.Inet : Family.Inet6;
            int skip = family == Family.Inet ? 5 : 6;
            text = text[skip..];
            offset += skip;
        }

        string host;
        string? port;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
                throw new FilterSyntaxException("'[' is never closed by ']'", offset);
            host = text[1..close];
            string rest = text[(close + 1)..];
            port = rest.Length == 0 ? null : rest.StartsWith(':') ? rest[1..] : throw new FilterSyntaxException($"expected ':PORT' after ']', found '{rest}'", offset + close + 1);
        }
        else if (text.StartsWith('*'))
        {
            host = "";
            port = text.Length == 1 ? null : text[1] == ':' ? text[2..] : throw new FilterSyntaxException($"expected ':PORT' after '*', found '{text[1..]}'", offset + 1);
        }
        else if (text.Count(c => c == ':') > 1 && AddressPattern.TryParse(text) is not null)
        {
            host = text;
            port = null;
        }
        else
        {
            int slash = text.IndexOf('/', StringComparison.Ordinal);
            int colon = text.LastIndexOf(':');
            if (colon >= 0 && colon > slash)
            {
                host = text[..colon];
                port = text[(colon + 1)..];
            }
            else
            {
                host = text;
                port = null;
            }
        }

        int portNumber = port is null ? -1 : port.Length == 0
            ? throw new FilterSyntaxException("a port is missing after ':'", offset + text.Length)
            : PortValue(port, offset + text.LastIndexOf(port, StringComparison.Ordinal));
        IReadOnlyList<AddressPattern>? addresses = host is "" or "*" ? null : Addresses(host, offset);
        if (family is { } f && addresses is not null && addresses.Any(a => a.Address.IsV6 != (f == Family.Inet6)))
            throw new FilterSyntaxException($"'{host}' is not an {(f == Family.Inet ? "IPv4" : "IPv6")} address", offset);
        return new AddressPredicate(side, addresses, portNumber, family, null);
    }

    private AddressPattern[] Addresses(string host, int position)
    {
        if (AddressPattern.TryParse(host) is { } pattern)
            return [pattern];
        if (host.Contains('/', StringComparison.Ordinal) || host.All(c => char.IsAsciiDigit(c) || c is '.' or ':'))
            throw new FilterSyntaxException($"'{host}' is not an IPv4 or IPv6 address or prefix", position);
        IReadOnlyList<InetAddress> resolved;
        try
        {
            resolved = _names.HostAddresses(host);
        }
        catch (TimeoutException e)
        {
            // Not the same as "does not resolve": the name may well exist.
            throw new FilterSyntaxException($"{e.Message}; give an address, or more time with --resolve-timeout", position);
        }
        if (resolved.Count == 0)
            throw new FilterSyntaxException($"host '{host}' does not resolve to an address", position);
        return resolved.Select(a => AddressPattern.Of(a, a.ToString())).ToArray();
    }

    private DevicePredicate ParseDevice(FilterToken value)
    {
        if (_names.InterfaceIndex(value.Text) is { } index)
            return new DevicePredicate(index, value.Text);
        return uint.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out uint number)
            ? new DevicePredicate(number, value.Text)
            : throw new FilterSyntaxException($"no interface named '{value.Text}' in this network namespace", value.Start);
    }

    private static MarkPredicate ParseMark(FilterToken value)
    {
        int slash = value.Text.IndexOf('/', StringComparison.Ordinal);
        uint mark = CNumber(slash < 0 ? value.Text : value.Text[..slash], value.Start);
        uint mask = slash < 0 ? uint.MaxValue : CNumber(value.Text[(slash + 1)..], value.Start + slash + 1);
        return new MarkPredicate(mark, mask);
    }

    /// <summary>A number as sscanf's %i reads it: decimal, 0x hexadecimal or 0 octal.</summary>
    private static uint CNumber(string text, int position)
    {
        try
        {
            if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && text.Length > 2)
                return uint.Parse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            if (text.Length > 1 && text[0] == '0')
                return Convert.ToUInt32(text, 8);
            return uint.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new FilterSyntaxException($"'{text}' is not a 32-bit mark (decimal, 0x hex or 0 octal; MARK/MASK)", position);
        }
    }

    private CgroupPredicate ParseCgroup(FilterToken value) =>
        _names.CgroupId(value.Text) is { } id
            ? new CgroupPredicate(id, value.Text)
            : throw new FilterSyntaxException($"no cgroup '{value.Text}' under the cgroup2 mount", value.Start);

    private static ProtocolPredicate ParseProtocol(FilterToken value) => value.Text.ToLowerInvariant() switch
    {
        "tcp" => new ProtocolPredicate(Protocol.Tcp),
        "udp" => new ProtocolPredicate(Protocol.Udp),
        "udplite" or "udpl" => new ProtocolPredicate(Protocol.UdpLite),
        "raw" => new ProtocolPredicate(Protocol.Raw),
        "unix" => new ProtocolPredicate(Protocol.Unix),
        _ => throw new FilterSyntaxException($"unknown protocol '{value.Text}' (use tcp, udp, udplite, raw or unix)", value.Start),
    };

    private static FamilyPredicate ParseFamily(FilterToken value) => value.Text.ToLowerInvariant() switch
    {
        "inet" or "ipv4" or "4" => new FamilyPredicate(Family.Inet),
        "inet6" or "ipv6" or "6" => new FamilyPredicate(Family.Inet6),
        "unix" or "local" => new FamilyPredicate(Family.Unix),
        _ => throw new FilterSyntaxException($"unknown family '{value.Text}' (use inet, inet6 or unix)", value.Start),
    };

    private NumberPredicate ParseNumber(FilterToken keyword, NumericField field, string what)
    {
        (Comparison comparison, FilterToken value) = ComparisonAndValue(keyword, what);
        return new NumberPredicate(field, comparison, Number(value, ulong.MaxValue, what));
    }

    private uint UserId(FilterToken value)
    {
        if (value.Text.All(char.IsAsciiDigit))
            return (uint)Number(value, uint.MaxValue, "a uid");
        return _names.UserId(value.Text) ?? throw new FilterSyntaxException($"no user named '{value.Text}'", value.Start);
    }

    private static ulong Number(FilterToken value, ulong maximum, string what) =>
        ulong.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong number) && number <= maximum
            ? number
            : throw new FilterSyntaxException($"expected {what}, found '{value.Text}'", value.Start);

    /// <summary>A condition that takes only = or != (or their word forms); != wraps it in 'not'.</summary>
    private FilterNode EqualityOnly(FilterToken keyword, Func<FilterToken, FilterNode> build, string what = "a value")
    {
        (Comparison comparison, FilterToken value) = ComparisonAndValue(keyword, what);
        if (comparison is not (Comparison.Equal or Comparison.NotEqual))
            throw new FilterSyntaxException($"'{keyword.Text}' compares only with = or !=", _tokens[_next - 2].Start);
        FilterNode node = build(value);
        return comparison == Comparison.NotEqual ? new NotNode(node) : node;
    }

    /// <summary>An optional operator (symbol or word form; '=' when absent, as in ss) and the value after it.</summary>
    private (Comparison, FilterToken) ComparisonAndValue(FilterToken keyword, string what)
    {
        Comparison comparison = Comparison.Equal;
        FilterToken token = Peek;
        if (token.Kind == FilterTokenKind.Compare)
        {
            comparison = Take().Comparison;
        }
        else if (token.Kind == FilterTokenKind.Word && !token.Quoted && Comparisons.FromWord(token.Text) is { } word
            && PeekAt(1).Kind == FilterTokenKind.Word)
        {
            // A word form followed by a value; "comm ne" alone would be a process named "ne".
            Take();
            comparison = word;
        }
        return (comparison, Value(keyword, what));
    }

    private FilterToken Value(FilterToken keyword, string what)
    {
        FilterToken token = Peek;
        if (token.Kind != FilterTokenKind.Word)
        {
            throw new FilterSyntaxException(token.Kind == FilterTokenKind.End
                ? $"'{keyword.Text}' needs {what}"
                : $"'{keyword.Text}' needs {what}, found '{token.Text}'", token.Start);
        }
        return Take();
    }
}
