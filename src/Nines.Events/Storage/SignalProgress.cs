namespace Nines.Events.Storage;

/// <summary>
/// One signal's cursor moving through the records of one insert. It stops at the first row of
/// its signal that the row budget no longer covers, so a cursor always points at the signal's
/// first row not inserted, whatever rows of the other signal come before it.
/// </summary>
internal struct SignalProgress(InsertCursor cursor, long budget)
{
    private long _budget = budget;
    private long _lsn;
    private int _seen;
    private int _skip;

    public InsertCursor Cursor { get; private set; } = cursor;

    /// <summary>True while rows of the current record may still be appended.</summary>
    public bool Active { get; private set; }

    public bool Stopped { get; private set; }

    public void Begin(long lsn)
    {
        _lsn = lsn;
        _seen = 0;
        _skip = Cursor.Inserted(lsn);
        Active = !Stopped && lsn > Cursor.AppliedLsn;
    }

    /// <summary>Called for each row of this signal in order; true when it is to be appended.</summary>
    public bool Take()
    {
        if (!Active)
        {
            return false;
        }

        if (_seen < _skip)
        {
            _seen++;
            return false;
        }

        if (_budget == 0)
        {
            Cursor = Cursor with { PartialLsn = _lsn, PartialRows = _seen };
            Stopped = true;
            Active = false;
            return false;
        }

        _budget--;
        _seen++;
        return true;
    }

    /// <summary>The current record is read to its end: every row of this signal in it is inserted.</summary>
    public void End()
    {
        if (Active)
        {
            Cursor = new InsertCursor(_lsn, 0, 0);
            Active = false;
        }
    }
}
