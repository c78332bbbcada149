/// The script of the sortable tables (current, comparison): a header's button sorts the rows
/// by that column (its cells' `data-v`, as numbers when every one is a number, else as text;
/// again to reverse; empty cells last), and the box `#filter` hides, as you type, the rows
/// whose `data-name` does not hold its text, keeping it in the address (`?q=`) so a reload
/// or a shared link shows the same rows. Buttons and the box are reached with the keyboard.
enum TableScript {
    static let code = """
    (function () {
      document.querySelectorAll('table.sortable').forEach(function (table) {
        var body = table.tBodies[0];
        table.querySelectorAll('thead th button').forEach(function (button) {
          button.addEventListener('click', function () {
            var th = button.parentNode, column = th.cellIndex;
            var down = th.getAttribute('aria-sort') === 'ascending';
            table.querySelectorAll('thead th').forEach(function (other) { other.removeAttribute('aria-sort'); });
            th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
            var rows = Array.prototype.slice.call(body.rows);
            function key(row) { var cell = row.cells[column]; var v = cell && cell.getAttribute('data-v'); return v === null || v === undefined ? (cell ? cell.textContent.trim() : '') : v; }
            var numeric = rows.every(function (row) { var k = key(row); return k === '' || !isNaN(parseFloat(k)); });
            rows.sort(function (a, b) {
              var x = key(a), y = key(b);
              if (x === '' || y === '') { return (x === '') - (y === ''); }
              var order = numeric ? parseFloat(x) - parseFloat(y) : (x < y ? -1 : x > y ? 1 : 0);
              return down ? -order : order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
          });
        });
      });
      var filter = document.getElementById('filter');
      if (!filter) { return; }
      var table = document.getElementById(filter.getAttribute('data-table'));
      var count = document.getElementById('filter-count');
      function apply() {
        var text = filter.value.trim().toLowerCase(), shown = 0;
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          row.hidden = text !== '' && row.getAttribute('data-name').indexOf(text) < 0;
          if (!row.hidden) { shown += 1; }
        });
        if (count) { count.textContent = shown + ' of ' + count.getAttribute('data-total') + ' series'; }
        var url = new URL(location.href);
        if (text === '') { url.searchParams.delete('q'); } else { url.searchParams.set('q', filter.value.trim()); }
        history.replaceState(null, '', url.pathname + url.search);
      }
      filter.addEventListener('input', apply);
    })();
    """
}
