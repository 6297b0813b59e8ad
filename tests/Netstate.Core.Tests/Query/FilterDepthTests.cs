using Netstate.Core.Model;
using Netstate.Core.Query;

namespace Netstate.Core.Tests.Query;

/// <summary>
/// Filters built to exhaust the stack: deep nesting is refused with the position where it went too
/// deep, and long chains of 'and'/'or' make shallow trees that every pass can walk.
/// </summary>
public sealed class FilterDepthTests
{
    [Theory]
    // The caret goes to the first '(' or 'not' past the limit: the 101st.
    [InlineData("(", 15_000, " sport = 22", 100)]
    [InlineData("!", 30_000, " sport = 22", 100)]
    [InlineData("not ", 20_000, "sport = 22", 400)]
    [InlineData("( ! ", 10_000, "sport = 22", 200)]
    public void Nesting_beyond_the_limit_is_a_syntax_error_at_the_level_that_exceeds_it(string level, int times, string rest, int position)
    {
        string text = string.Concat(Enumerable.Repeat(level, times)) + rest;

        var error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(text, new FakeFilterNames()));

        Assert.Contains($"more than {FilterParser.MaxNesting} deep", error.Message, StringComparison.Ordinal);
        Assert.Equal(position, error.Position);
    }

    [Fact]
    public void Nesting_up_to_the_limit_parses()
    {
        string text = new string('(', FilterParser.MaxNesting) + "sport = 22" + new string(')', FilterParser.MaxNesting);

        Assert.Equal("(sport = 22)", FilterParser.Parse(text, new FakeFilterNames()).ToString());
    }

    [Theory]
    [InlineData(" or ")]
    [InlineData(" and ")]
    [InlineData(" ")]
    public void A_chain_of_a_hundred_thousand_conditions_makes_a_shallow_tree_that_every_pass_walks(string joiner)
    {
        string text = string.Join(joiner, Enumerable.Range(1, 100_000).Select(port => $"sport = {port % 65536}"));

        FilterNode root = FilterParser.Parse(text, new FakeFilterNames());

        Assert.True(Depth(root) <= 18, $"depth {Depth(root)}");
        // Evaluation, push-down, listing the nodes and printing all recurse over the tree.
        var entry = new SocketEntry { Protocol = Protocol.Tcp, Family = Family.Inet, Local = new Endpoint(InetAddress.FromV4([127, 0, 0, 1]), 7) };
        Assert.Equal(joiner == " or ", root.Matches(entry, null));
        FilterPushdown.Analyse(root);
        Assert.Equal(199_999, root.DescendantsAndSelf().Count());
        Assert.StartsWith(joiner == " or " ? "(or (or" : "(and (and", root.ToString(), StringComparison.Ordinal);
    }

    private static int Depth(FilterNode node) => node switch
    {
        AndNode and => 1 + Math.Max(Depth(and.Left), Depth(and.Right)),
        OrNode or => 1 + Math.Max(Depth(or.Left), Depth(or.Right)),
        NotNode not => 1 + Depth(not.Operand),
        _ => 1,
    };
}
