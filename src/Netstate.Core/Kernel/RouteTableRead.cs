using Netstate.Core.Model;

namespace Netstate.Core.Kernel;

/// <summary>What was read from one routing table file: the routes, or null when the file is missing.</summary>
internal sealed record RouteTableRead<TRoute>(string File, IReadOnlyList<TRoute>? Routes, IReadOnlyList<SourceNote> Notes);
