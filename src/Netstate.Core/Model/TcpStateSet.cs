namespace Netstate.Core.Model;

/// <summary>
/// A set of TCP states as the kernel's idiag_states mask (bit N = state N), so a query's state
/// filter can be handed to sock_diag unchanged and applied to /proc rows with one AND.
/// </summary>
public readonly record struct TcpStateSet(uint Mask)
{
    /// <summary>
    /// Every state /proc/net/tcp can show (1-12). BOUND_INACTIVE (13) is left out: only netlink can
    /// list bound-but-idle sockets, and asking for them would make the two sources disagree.
    /// </summary>
    public static TcpStateSet All => new(0x1FFE);

    /// <summary>No state.</summary>
    public static TcpStateSet None => new(0);

    /// <summary>The set of <paramref name="states"/>.</summary>
    public static TcpStateSet Of(params ReadOnlySpan<TcpState> states)
    {
        uint mask = 0;
        foreach (TcpState state in states)
            mask |= 1u << (int)state;
        return new TcpStateSet(mask);
    }

    /// <summary>True when <paramref name="state"/> is in the set.</summary>
    public bool Contains(TcpState state) => (int)state < 32 && (Mask & (1u << (int)state)) != 0;

    /// <summary>The states of this set that are not in <paramref name="other"/>.</summary>
    public TcpStateSet Except(TcpStateSet other) => new(Mask & ~other.Mask);

    /// <summary>True when the set holds every state of <see cref="All"/>.</summary>
    public bool IsAll => (Mask & All.Mask) == All.Mask;
}
