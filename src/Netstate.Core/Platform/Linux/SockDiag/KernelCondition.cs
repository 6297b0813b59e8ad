using Netstate.Core.Model;
using Netstate.Core.Query;

namespace Netstate.Core.Platform.Linux.SockDiag;

/// <summary>
/// A filter reduced to what inet_diag bytecode can test for one table, in negation normal form:
/// 'and', 'or', constants, and kernel conditions that may be negated. Built by <see cref="Lower"/>
/// so that it accepts every socket the filter accepts (it may accept more): the user-space filter
/// runs again on what the kernel sends, so a loose condition costs speed, never a row.
/// </summary>
internal abstract record KernelCondition
{
    public static readonly KernelCondition True = new Constant(true);
    public static readonly KernelCondition False = new Constant(false);

    /// <summary>The kernel part of <paramref name="filter"/> for the sockets of <paramref name="table"/> (one inet table).</summary>
    public static KernelCondition Lower(FilterNode filter, SocketTables table)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new Lowering(SocketTableInfo.ProtocolOf(table), SocketTableInfo.FamilyOf(table)).Of(filter, negated: false);
    }

    public static KernelCondition And(KernelCondition a, KernelCondition b) => (a, b) switch
    {
        (Constant { Value: false }, _) or (_, Constant { Value: false }) => False,
        (Constant { Value: true }, _) => b,
        (_, Constant { Value: true }) => a,
        _ => new Both(a, b),
    };

    public static KernelCondition Or(KernelCondition a, KernelCondition b) => (a, b) switch
    {
        (Constant { Value: true }, _) or (_, Constant { Value: true }) => True,
        (Constant { Value: false }, _) => b,
        (_, Constant { Value: false }) => a,
        _ => new Either(a, b),
    };

    /// <summary>The exact negation (De Morgan down to the tests).</summary>
    public abstract KernelCondition Negated();

    internal sealed record Constant(bool Value) : KernelCondition
    {
        public override KernelCondition Negated() => Value ? False : True;
    }

    internal sealed record Both(KernelCondition Left, KernelCondition Right) : KernelCondition
    {
        public override KernelCondition Negated() => Or(Left.Negated(), Right.Negated());
    }

    internal sealed record Either(KernelCondition Left, KernelCondition Right) : KernelCondition
    {
        public override KernelCondition Negated() => And(Left.Negated(), Right.Negated());
    }

    /// <summary>One kernel test: an op code and its operand bytes (after the 4-byte op), true unless <see cref="Inverted"/>.</summary>
    internal sealed record Test(byte Code, byte[] Operand, bool Inverted) : KernelCondition
    {
        public override KernelCondition Negated() => this with { Inverted = !Inverted };
    }

    /// <summary>How a kernel test relates to the user-space predicate it stands for.</summary>
    private enum Fidelity
    {
        /// <summary>The same sockets, in the kernel's view and in the rows.</summary>
        Exact,
        /// <summary>The kernel may accept more (so only usable where the predicate is not negated).</summary>
        Looser,
        /// <summary>The kernel may accept fewer (so only usable where the predicate is negated).</summary>
        Stricter,
    }

    private readonly struct Lowering(Protocol protocol, Family family)
    {
        public KernelCondition Of(FilterNode node, bool negated)
        {
            switch (node)
            {
                case NotNode not:
                    return Of(not.Operand, !negated);
                case AndNode and:
                    return negated ? Or(Of(and.Left, true), Of(and.Right, true)) : And(Of(and.Left, false), Of(and.Right, false));
                case OrNode or:
                    return negated ? And(Of(or.Left, true), Of(or.Right, true)) : Or(Of(or.Left, false), Of(or.Right, false));
                case ProtocolPredicate p:
                    return Exact(p.Protocol == protocol ? True : False, negated);
                case FamilyPredicate f:
                    return Exact(f.Family == family ? True : False, negated);
                case PortPredicate port:
                    return Exact(Port(port), negated);
                case AddressPredicate address:
                    return Address(address) is { } condition ? Exact(condition, negated) : True;
                case DevicePredicate device:
                    return Exact(new Test(SockDiagLayout.INET_DIAG_BC_DEV_COND, BitConverter.GetBytes(device.Index), false), negated);
                case MarkPredicate mark:
                    return Mark(mark, negated);
                case CgroupPredicate cgroup:
                    // Only full sockets carry a cgroup id, in the kernel's test and in the rows alike;
                    // a kernel that knows the test but reports no id would make the kernel looser.
                    return Approximate(new Test(SockDiagLayout.INET_DIAG_BC_CGROUP_COND, BitConverter.GetBytes(cgroup.Id), false), Fidelity.Looser, negated);
                default:
                    // States are already in the request; numbers, owners and autobound have no kernel test.
                    return True;
            }
        }

        private static KernelCondition Exact(KernelCondition condition, bool negated) => negated ? condition.Negated() : condition;

        private static KernelCondition Approximate(KernelCondition condition, Fidelity fidelity, bool negated) => fidelity switch
        {
            Fidelity.Exact => Exact(condition, negated),
            Fidelity.Looser when !negated => condition,
            Fidelity.Stricter when negated => condition.Negated(),
            _ => True,
        };

        private static KernelCondition Port(PortPredicate port)
        {
            if (port.Port < 0)
                return port.Comparison == Comparison.Equal ? True : False;
            return port.Side switch
            {
                EndpointSide.Local => Compare(local: true, port.Comparison, (ushort)port.Port),
                EndpointSide.Remote => Compare(local: false, port.Comparison, (ushort)port.Port),
                _ => Or(Compare(true, port.Comparison, (ushort)port.Port), Compare(false, port.Comparison, (ushort)port.Port)),
            };
        }

        /// <summary>The kernel has =, &gt;= and &lt;= on ports; the other three are their negations.</summary>
        private static Test Compare(bool local, Comparison comparison, ushort port)
        {
            byte eq = local ? SockDiagLayout.INET_DIAG_BC_S_EQ : SockDiagLayout.INET_DIAG_BC_D_EQ;
            byte ge = local ? SockDiagLayout.INET_DIAG_BC_S_GE : SockDiagLayout.INET_DIAG_BC_D_GE;
            byte le = local ? SockDiagLayout.INET_DIAG_BC_S_LE : SockDiagLayout.INET_DIAG_BC_D_LE;
            return comparison switch
            {
                Comparison.Equal => PortTest(eq, port, false),
                Comparison.NotEqual => PortTest(eq, port, true),
                Comparison.GreaterOrEqual => PortTest(ge, port, false),
                Comparison.Less => PortTest(ge, port, true),
                Comparison.LessOrEqual => PortTest(le, port, false),
                _ => PortTest(le, port, true),
            };
        }

        /// <summary>The port rides in the 'no' field of a second op after the comparison.</summary>
        private static Test PortTest(byte code, ushort port, bool inverted)
        {
            byte[] operand = new byte[4];
            BitConverter.TryWriteBytes(operand.AsSpan(2), port);
            return new Test(code, operand, inverted);
        }

        /// <summary>
        /// src/dst/addr as host conditions: each address (or "any" of a family) with the optional port.
        /// The kernel's test matches an IPv4 condition against a v4-mapped end as the rows do. Null
        /// when the predicate is not exactly a host condition (unix paths, a family that disagrees
        /// with an address).
        /// </summary>
        private static KernelCondition? Address(AddressPredicate address)
        {
            if (address.UnixPath is not null || address.Family == Model.Family.Unix)
                return null;
            if (address.Addresses is { } patterns && address.Family is { } wanted
                && patterns.Any(p => (p.Address.IsV6 ? Model.Family.Inet6 : Model.Family.Inet) != wanted))
                return null;
            if (address.Addresses is null && address.Port < 0 && address.Family is null)
                return True;
            KernelCondition local = False, remote = False;
            if (address.Addresses is null)
            {
                byte conditionFamily = address.Family switch
                {
                    Model.Family.Inet => SockDiagLayout.AF_INET,
                    Model.Family.Inet6 => SockDiagLayout.AF_INET6,
                    _ => 0,
                };
                local = Host(true, conditionFamily, 0, default, address.Port);
                remote = Host(false, conditionFamily, 0, default, address.Port);
            }
            else
            {
                foreach (AddressPattern pattern in address.Addresses)
                {
                    byte conditionFamily = pattern.Address.IsV6 ? SockDiagLayout.AF_INET6 : SockDiagLayout.AF_INET;
                    local = Or(local, Host(true, conditionFamily, pattern.PrefixLength, pattern.Address, address.Port));
                    remote = Or(remote, Host(false, conditionFamily, pattern.PrefixLength, pattern.Address, address.Port));
                }
            }
            return address.Side switch
            {
                EndpointSide.Local => local,
                EndpointSide.Remote => remote,
                _ => Or(local, remote),
            };
        }

        /// <summary>struct inet_diag_hostcond: family, prefix length, two pad bytes, port (-1 any), then the address.</summary>
        private static Test Host(bool local, byte conditionFamily, int prefixLength, InetAddress address, int port)
        {
            int addressLength = conditionFamily switch { SockDiagLayout.AF_INET => 4, SockDiagLayout.AF_INET6 => 16, _ => 0 };
            byte[] operand = new byte[8 + addressLength];
            operand[0] = conditionFamily;
            operand[1] = (byte)prefixLength;
            BitConverter.TryWriteBytes(operand.AsSpan(4), port < 0 ? -1 : port);
            if (addressLength > 0)
                address.WriteBytes(operand.AsSpan(8));
            return new Test(local ? SockDiagLayout.INET_DIAG_BC_S_COND : SockDiagLayout.INET_DIAG_BC_D_COND, operand, false);
        }

        /// <summary>
        /// The kernel tests a TIME_WAIT or SYN_RECV socket's own mark, which the rows never show
        /// (they read 0): for a mark other than 0 the kernel is looser, for 0 stricter.
        /// </summary>
        private static KernelCondition Mark(MarkPredicate mark, bool negated)
        {
            if ((mark.Mark & ~mark.Mask) != 0)
                return Exact(False, negated);
            byte[] operand = new byte[8];
            BitConverter.TryWriteBytes(operand, mark.Mark);
            BitConverter.TryWriteBytes(operand.AsSpan(4), mark.Mask);
            return Approximate(new Test(SockDiagLayout.INET_DIAG_BC_MARK_COND, operand, false), mark.Mark != 0 ? Fidelity.Looser : Fidelity.Stricter, negated);
        }
    }
}
