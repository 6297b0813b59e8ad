using Netstate.Core.Model;
using Netstate.Core.Query;

namespace Netstate.Core.Platform.Linux.SockDiag;

/// <summary>
/// Compiles a filter into the inet_diag bytecode of INET_DIAG_REQ_BYTECODE, so the kernel sends
/// only the sockets that may pass. The program is a row of ops (code, yes, no: offsets forward
/// in bytes); the kernel runs it per socket, and a socket passes when the run ends exactly at
/// the end of the program. The verifier (inet_diag_bc_audit) follows every 'yes' from the start
/// and wants each 'no' to land on an op of that chain, at the end, or 4 bytes past it (reject).
/// So here 'yes' always steps to the next op and every branch is a forward 'no'; a test that must
/// jump when it holds is followed by a JMP op (whose 'no' is always taken).
/// </summary>
internal static class InetDiagBytecode
{
    /// <summary>Offsets are 16-bit and the attribute's length too: larger programs are not sent.</summary>
    internal const int MaximumLength = 32 * 1024;

    /// <summary>
    /// The program for <paramref name="filter"/> on one inet table, or null when the kernel could
    /// not narrow anything (every socket might pass) or the program would be too long.
    /// </summary>
    public static byte[]? Compile(FilterNode filter, SocketTables table)
    {
        KernelCondition condition = KernelCondition.Lower(filter, table);
        if (condition is KernelCondition.Constant { Value: true })
            return null;
        var emitter = new Emitter();
        if (condition is KernelCondition.Constant { Value: false })
            emitter.Jump(emitter.Reject);
        else
            emitter.FallThroughWhenTrue(condition, emitter.Reject);
        return emitter.Assemble();
    }

    /// <summary>Lays ops out with symbolic targets, then resolves them into byte offsets.</summary>
    private sealed class Emitter
    {
        private readonly List<(byte Code, byte[] Operand, Label No)> _ops = [];

        /// <summary>Where a label points: an op index; <see cref="_ops"/>.Count+1 for "reject".</summary>
        public sealed class Label
        {
            public int Op { get; set; } = -1;
        }

        public Label Reject { get; } = new();

        private void Place(Label label) => label.Op = _ops.Count;

        public void Jump(Label to) => _ops.Add((SockDiagLayout.INET_DIAG_BC_JMP, [], to));

        private void Test(KernelCondition.Test test, Label no) => _ops.Add((test.Code, test.Operand, no));

        /// <summary>Code that continues with the next op when <paramref name="condition"/> holds and goes to <paramref name="whenFalse"/> otherwise.</summary>
        public void FallThroughWhenTrue(KernelCondition condition, Label whenFalse)
        {
            switch (condition)
            {
                case KernelCondition.Test { Inverted: false } test:
                    Test(test, whenFalse);
                    break;
                case KernelCondition.Test test:
                    var next = new Label();
                    Test(test, next);
                    Jump(whenFalse);
                    Place(next);
                    break;
                case KernelCondition.Both both:
                    FallThroughWhenTrue(both.Left, whenFalse);
                    FallThroughWhenTrue(both.Right, whenFalse);
                    break;
                case KernelCondition.Either either:
                    var done = new Label();
                    JumpWhenTrue(either.Left, done);
                    FallThroughWhenTrue(either.Right, whenFalse);
                    Place(done);
                    break;
                default:
                    throw new InvalidOperationException($"constants are folded before emitting: {condition}");
            }
        }

        /// <summary>Code that goes to <paramref name="whenTrue"/> when <paramref name="condition"/> holds and continues otherwise.</summary>
        private void JumpWhenTrue(KernelCondition condition, Label whenTrue)
        {
            switch (condition)
            {
                case KernelCondition.Test { Inverted: true } test:
                    Test(test, whenTrue);
                    break;
                case KernelCondition.Test test:
                    var next = new Label();
                    Test(test, next);
                    Jump(whenTrue);
                    Place(next);
                    break;
                case KernelCondition.Either either:
                    JumpWhenTrue(either.Left, whenTrue);
                    JumpWhenTrue(either.Right, whenTrue);
                    break;
                case KernelCondition.Both both:
                    var skip = new Label();
                    FallThroughWhenTrue(both.Left, skip);
                    JumpWhenTrue(both.Right, whenTrue);
                    Place(skip);
                    break;
                default:
                    throw new InvalidOperationException($"constants are folded before emitting: {condition}");
            }
        }

        public byte[]? Assemble()
        {
            Reject.Op = _ops.Count + 1;
            // Byte offset of every op, plus the end and the reject point 4 bytes past it.
            int[] offsets = new int[_ops.Count + 2];
            for (int i = 0; i < _ops.Count; i++)
                offsets[i + 1] = offsets[i] + 4 + _ops[i].Operand.Length;
            offsets[_ops.Count + 1] = offsets[_ops.Count] + 4;
            int length = offsets[_ops.Count];
            if (length > MaximumLength)
                return null;
            byte[] program = new byte[length];
            for (int i = 0; i < _ops.Count; i++)
            {
                (byte code, byte[] operand, Label no) = _ops[i];
                Span<byte> op = program.AsSpan(offsets[i]);
                op[0] = code;
                op[1] = (byte)(4 + operand.Length);
                // The kernel reads the offsets in host order, as it does the operands.
                BitConverter.TryWriteBytes(op[2..], (ushort)(offsets[no.Op] - offsets[i]));
                operand.CopyTo(op[4..]);
            }
            return program;
        }
    }
}
