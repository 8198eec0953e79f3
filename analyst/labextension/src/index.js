// JupyterLab 4 takes a code cell's language from the kernel (Python), not from a cell magic:
// this plugin gives a cell the Cypher language while its source starts with `%%cypher` (the
// analyst's magic, analyst/magic.py), and the notebook's own language again when it does not.
// Built into ../prebuilt and shipped with the Python package (python -m analyst.labext).
import { IEditorLanguageRegistry } from '@jupyterlab/codemirror';
import { INotebookTracker } from '@jupyterlab/notebook';

export const CYPHER_MIME = 'application/x-cypher-query';

// IPython drops blank lines before a cell magic, so a cell may start with some.
const MAGIC = /^(?:[ \t]*\r?\n)*%%cypher(?:[ \t]|\r?\n|$)/;

export function isCypher(source) {
  return MAGIC.test(source);
}

// JupyterLab 4 lists Cypher itself (CodeMirror's legacy mode); add it where a build does not.
function registerCypher(languages) {
  if (languages.findByMIME(CYPHER_MIME)) {
    return;
  }
  languages.addLanguage({
    name: 'Cypher',
    mime: CYPHER_MIME,
    extensions: ['cyp', 'cypher'],
    load: async () => {
      const [{ LanguageSupport, StreamLanguage }, { cypher }] = await Promise.all([
        import('@codemirror/language'),
        import('@codemirror/legacy-modes/mode/cypher')
      ]);
      return new LanguageSupport(StreamLanguage.define(cypher));
    }
  });
}

// The notebook sets every code cell's mime type when a cell is made and when the kernel's
// language becomes known; each time, the cell's own source decides again.
function follow(notebook) {
  const seen = new WeakSet();
  const apply = model => {
    const wanted = isCypher(model.sharedModel.getSource()) ? CYPHER_MIME : notebook.codeMimetype;
    if (model.mimeType !== wanted) {
      model.mimeType = wanted;
    }
  };
  const scan = () => {
    for (const cell of notebook.widgets) {
      const model = cell.model;
      if (model.type !== 'code' || seen.has(model)) {
        continue;
      }
      seen.add(model);
      model.sharedModel.changed.connect((_, change) => {
        if (change.sourceChange) {
          apply(model);
        }
      });
      model.mimeTypeChanged.connect(() => apply(model));
      apply(model);
    }
  };
  const watch = () => {
    if (notebook.model) {
      notebook.model.cells.changed.connect(scan);
    }
    scan();
  };
  notebook.modelChanged.connect(watch);
  watch();
}

const plugin = {
  id: 'thbgraph-cypher:plugin',
  description: 'Highlights %%cypher notebook cells as Cypher.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [IEditorLanguageRegistry],
  activate: (app, tracker, languages) => {
    if (languages) {
      registerCypher(languages);
    }
    tracker.forEach(panel => follow(panel.content));
    tracker.widgetAdded.connect((_, panel) => follow(panel.content));
  }
};

export default plugin;
