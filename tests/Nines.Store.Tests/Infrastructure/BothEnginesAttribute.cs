using System.Reflection;
using Nines.Store.Model;
using Xunit.Sdk;

namespace Nines.Store.Tests.Infrastructure;

// Runs a theory once on SQLite and once on PostgreSQL: the store must behave the same on both.
[AttributeUsage(AttributeTargets.Method)]
public sealed class BothEnginesAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
    [
        [StoreEngine.Sqlite],
        [StoreEngine.Postgres],
    ];
}
