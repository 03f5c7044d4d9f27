using System.Collections;

namespace Nines.Cli;

/// <summary>
/// Everything a verb touches outside its arguments: the three standard streams, the environment,
/// the working directory and the clock. Program.cs passes the real ones; tests pass their own.
/// </summary>
/// <param name="Out">Standard output: results only (a token, a table), so scripts can capture them.</param>
/// <param name="Error">Standard error: messages, warnings, errors.</param>
/// <param name="In">Standard input (<c>--password-stdin</c>).</param>
/// <param name="Variables">The environment variables (<c>NINES_*</c> apply over nines.yaml).</param>
/// <param name="WorkingDirectory">Where <c>nines.yaml</c> is looked for and relative paths start.</param>
/// <param name="Time">The clock.</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error, TextReader In, IDictionary Variables, string WorkingDirectory, TimeProvider Time);
