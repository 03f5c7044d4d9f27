using Nines.Metrics.Index;

namespace Nines.Metrics.Tests.Index;

public sealed class PostingsTests
{
    [Fact]
    public void SetOperations_RandomLists_MatchNaiveReference()
    {
        var random = new Random(7);
        for (var run = 0; run < 500; run++)
        {
            var a = RandomSorted(random);
            var b = RandomSorted(random);
            var setA = new SortedSet<uint>(a);
            var setB = new SortedSet<uint>(b);

            var intersect = new SortedSet<uint>(setA);
            intersect.IntersectWith(setB);
            var union = new SortedSet<uint>(setA);
            union.UnionWith(setB);
            var except = new SortedSet<uint>(setA);
            except.ExceptWith(setB);

            Assert.Equal([.. intersect], Postings.Intersect(a, b));
            Assert.Equal([.. union], Postings.Union(a, b));
            Assert.Equal([.. except], Postings.Subtract(a, b));
        }
    }

    [Fact]
    public void UnionAll_ManyLists_MatchNaiveReference()
    {
        var random = new Random(11);
        for (var run = 0; run < 100; run++)
        {
            var lists = new List<uint[]>();
            var expected = new SortedSet<uint>();
            for (var k = random.Next(0, 12); k > 0; k--)
            {
                var list = RandomSorted(random);
                lists.Add(list);
                expected.UnionWith(list);
            }

            Assert.Equal([.. expected], Postings.UnionAll(lists));
        }
    }

    private static uint[] RandomSorted(Random random)
    {
        var set = new SortedSet<uint>();
        var n = random.Next(0, 200);
        var range = random.Next(1, 500);
        for (var i = 0; i < n; i++)
        {
            set.Add((uint)random.Next(range));
        }

        return [.. set];
    }
}
