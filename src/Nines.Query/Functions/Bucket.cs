namespace Nines.Query.Functions;

/// <summary>One classic-histogram bucket: the <c>le</c> bound and the cumulative count.</summary>
internal readonly record struct Bucket(double UpperBound, double Count);
