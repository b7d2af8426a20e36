// Participant page (/j/<code>), phones first: name, post notes and cards, see and edit your own;
// follow the facilitator (focus, question, timer, silent writing, lock), vote (on notes and on
// clusters, which show as stacks that open on a tap) and, when allowed, group notes. Notes written
// without a connection wait in the outbox (outbox.js) and are sent once it is back.
//
// Each part of the page is a controller in participant/ that follows the store; this module
// builds them, in order, once the name is known, and then connects. What is being typed (a new
// note, an edit) is kept on the device and survives a reload (participant/drafts.js), and so
// does the board last seen live (participant/knownstate.js), which a reload without a
// connection shows: the service worker keeps the page itself (participant/offlineshell.js).
import { boot, t, tn, DEFAULT_COLOR } from './boot.js';
import { $ } from './dom.js';
import { keys, load } from './storage.js';
import { toast, toastError } from './toast.js';
import { Session, bindStatus } from './connection.js';
import { Composer, giveBack } from './composer.js';
import { Outbox } from './outbox.js';
import { NoteForm } from './noteform.js';
import { NoteEditor } from './editor.js';
import { NameStep } from './participant/namestep.js';
import { StatusBar, TimerPill } from './participant/statusbar.js';
import { OfflineBar } from './participant/offline.js';
import { FocusFollower } from './participant/focus.js';
import { StepFollower } from './participant/step.js';
import { SilentRound } from './participant/silent.js';
import { LockState } from './participant/lock.js';
import { Voting } from './participant/voting.js';
import { VitalityPanel } from './participant/vitality.js';
import { Grouping } from './participant/grouping.js';
import { NoteList, tellRemovedNotes } from './participant/notelist.js';
import { onHyphenation } from './hyphenate.js';
import { BlockNav } from './participant/blocknav.js';
import { ActFirst } from './participant/actfirst.js';
import { ComposeDraft, EditDrafts } from './participant/drafts.js';
import { showFatal, showRemoved } from './participant/fatal.js';
import { KnownState } from './participant/knownstate.js';
import { registerOfflineShell } from './participant/offlineshell.js';
import { watchPastes } from './fieldlimit.js';

const code = boot.code;
// A laptop, or a tablet either way round: the canvas as a sheet beside (or above) the form.
// The same screens as in participantwide.css.
const WIDE = '(min-width: 900px) and (min-height: 560px), (min-width: 740px) and (min-height: 900px)';

/** The sheet beside the form once the screen is wide enough (at once, or when it becomes so). */
function offerSheet(parts) {
  const media = window.matchMedia(WIDE);
  let loaded = false;
  const load = () => {
    if (loaded || !media.matches) return;
    loaded = true;
    import('./participant/wide.js').then(({ WideBoard }) => new WideBoard(parts).start());
  };
  media.addEventListener('change', load);
  load();
}

/** Build the page for a participant named by `nameStep`, connect; returns {session, form}. */
function start(nameStep) {
  const form = new NoteForm({ help: true, blockStyle: 'segmented', color: load(keys.color) || DEFAULT_COLOR });
  $('#compose-fields').appendChild(form.el);
  // The note half written before a reload, back in the form before anything follows the
  // facilitator (a form with text in it is not moved).
  const draft = new ComposeDraft({ form, key: keys.draft(code) });
  draft.restore();
  const editDrafts = new EditDrafts(keys.edits(code));
  const session = new Session({
    code,
    view: 'participant',
    tokenKey: keys.token(code),
    payload: () => ({ name: nameStep.name || '' }),
    onJoinError: (ack) => {
      if (ack.code === 'workshop_not_found') {
        knownState.forget();
        showFatal(ack.error || t('error.workshop_not_found'));
      }
      else toastError(ack);
    },
    onRemoved: showRemoved,
  });
  bindStatus(session);
  const store = session.store;
  // A note of ours that the facilitator deletes or hides says so (tellRemovedNotes), not twice.
  const editor = new NoteEditor(session, { onDeletedElsewhere: () => {}, drafts: editDrafts });
  const statusBar = new StatusBar();
  // What the facilitator's settings change, in this order: the focus first (its hint measures
  // the status bar as it was), then the banners and the pills.
  new FocusFollower({ store, form, statusBar });
  new StepFollower({ store, form, statusBar });
  new SilentRound({ store });
  new LockState({ store, editor, statusBar });
  const voting = new Voting({ session, statusBar });
  new VitalityPanel({ session });
  new TimerPill({ store, statusBar });
  const grouping = new Grouping({ session });
  const list = new NoteList({ store, editor, voting, drafts: editDrafts, grouping,
    openKey: `nc:open-clusters:${code}` });
  // Long words shown before the hyphenation patterns were in get their soft hyphens now.
  onHyphenation(() => list.view.refresh());
  const blockNav = new BlockNav({ list, key: keys.folded(code) });
  // After the draft is back in the form: a form with text in it stays open.
  new ActFirst({ store, form, list, blockNav });
  tellRemovedNotes({ store, editor });
  // The board last seen live, before the outbox adds the notes still waiting: shown until the
  // first join (a reload without a connection shows the app with what it knew).
  const knownState = new KnownState({ session, code });
  knownState.restore();
  knownState.follow();
  // After the list: the notes still waiting from an earlier visit show at once.
  const outbox = new Outbox({
    session,
    code,
    author: () => nameStep.name || '',
    onRefused: (entry, ack) => giveBack(form, entry, ack),
    onSent: (n) => toast(tn('outbox_sent', n), 'success'),
  });
  new Composer({ form, formElement: $('#compose-form'), button: $('#compose-submit'), session, outbox, draft });
  new OfflineBar({ session, outbox, statusBar, knownState });
  offerSheet({ store, form, editor, list });
  session.start();
  return { session, form };
}

function init() {
  let page = null;
  const nameStep = new NameStep({
    onDone: (changed) => {
      if (!page) page = start(nameStep);
      else if (changed) page.session.rejoin(); // a new join carries the new name
      $('#app').hidden = false;
      // Named: ready to write the first note (the focus does not drop to the page).
      page.form.focusText();
    },
  });
  if (!nameStep.asked) {
    nameStep.show();
  } else {
    nameStep.showWhoami();
    $('#app').hidden = false;
    page = start(nameStep);
  }
}

watchPastes();
init();
registerOfflineShell();
