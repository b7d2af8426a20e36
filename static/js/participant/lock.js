// A locked canvas: nothing can be posted (the compose form is disabled and says why), the status
// bar shows a lock, and an edit under way keeps its text while saving waits for the unlock.
import { $ } from '../dom.js';
import { icon } from '../icons.js';
import { changesFacilitation } from '../facilitation.js';

export class LockState {
  /** editor: the NoteEditor; statusBar: the StatusBar the lock shows in. */
  constructor({ store, editor, statusBar }) {
    this.store = store;
    this.editor = editor;
    this.statusBar = statusBar;
    $('#phone-lock').prepend(icon('lock', 16));
    store.subscribe((change) => { if (changesFacilitation(change)) this.update(); });
  }

  update() {
    const locked = Boolean(this.store.settings.locked);
    $('#compose-fieldset').disabled = locked;
    $('#locked-message').hidden = !locked;
    $('#compose').classList.toggle('is-locked', locked);
    $('#phone-lock').hidden = !locked;
    this.editor.setLocked(locked);
    this.statusBar.update();
  }
}
