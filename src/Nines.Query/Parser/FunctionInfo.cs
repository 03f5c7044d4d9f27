namespace Nines.Query.Parser;

/// <summary>A PromQL function's signature: argument types; Variadic 0 = fixed, n = up to n optional trailing arguments, -1 = unlimited.</summary>
internal sealed record FunctionInfo(string Name, PromType[] ArgTypes, int Variadic, PromType ReturnType);
