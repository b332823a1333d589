// Imported first by component tests, before chalk decides the colour level, so attributes show up in frames.
process.env['FORCE_COLOR'] ??= '1';
