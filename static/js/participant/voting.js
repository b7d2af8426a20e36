// Energy voting on the phone: a banner while a round is open, the votes left in the status bar,
// and +1 / −1 under each note and each cluster (big enough to tap); a cluster's notes are voted
// on through their cluster.
import { t, tn } from '../boot.js';
import { $, h } from '../dom.js';
import { toastError } from '../toast.js';
import { changesFacilitation } from '../facilitation.js';

export class Voting {
  /** session: the Session votes are sent through; statusBar: where the votes left show. */
  constructor({ session, statusBar }) {
    this.session = session;
    this.store = session.store;
    this.statusBar = statusBar;
    this.store.subscribe((change) => { if (changesFacilitation(change)) this.update(); });
  }

  /** The votes each participant has in the round going on (0: no round). */
  budget() {
    return Number(this.store.settings.votes_per_participant) || 0;
  }

  /** The +1 / −1 bar under `note`. */
  bar(note) {
    return this.makeBar({ mine: Number(this.store.myVotes.by_note[note.id]) || 0, total: Number(note.votes) || 0,
      forLabel: t('vote_for'), onVote: (up) => this.vote(note.id, up) });
  }

  /**
   * The +1 / −1 bar of a cluster: its votes and those of its notes (`score`, what ranks it), and
   * the votes this participant gave the cluster itself. Its notes have no bar of their own.
   */
  clusterBar(cluster, score) {
    return this.makeBar({ mine: Number(this.store.myVotes.by_cluster[cluster.id]) || 0, total: score,
      forLabel: t('vote_for_cluster'), onVote: (up) => this.voteCluster(cluster.id, up) });
  }

  makeBar({ mine, total, forLabel, onVote }) {
    const none = this.store.votesLeft() === 0; // nothing left to give: +1 is off (−1 still works)
    return h('div', { class: 'votebar' },
      h('button', { type: 'button', class: 'votebar__button votebar__button--minus', disabled: mine === 0,
        'aria-label': `${t('vote_minus')} ${t('vote_take_back')}`, title: t('vote_take_back'), text: t('vote_minus'),
        on: { click: (event) => { event.stopPropagation(); onVote(false); } } }),
      h('span', { class: 'votebar__count' },
        h('span', { class: 'votebar__total', text: tn('votes_count', total) }),
        mine ? h('span', { class: 'votebar__mine', text: t('votes_mine', { n: mine }) }) : null),
      h('button', { type: 'button', class: 'votebar__button votebar__button--plus', disabled: none,
        'aria-label': `${t('vote_plus')} ${forLabel}`, title: none ? t('votes_none_left') : forLabel, text: t('vote_plus'),
        on: { click: (event) => { event.stopPropagation(); onVote(true); } } }));
  }

  async vote(id, up) {
    const ack = await this.session.request(up ? 'note:vote' : 'note:unvote', { id });
    if (!ack.ok) { toastError(ack); return; }
    // "n from you" changes even when the note's count had already arrived.
    this.store.recordMyVote(id, up, ack.votes_left);
    this.store.setVotes(ack.id || id, ack.votes, ack.rev, false);
  }

  async voteCluster(id, up) {
    const ack = await this.session.request(up ? 'cluster:vote' : 'cluster:unvote', { id });
    if (!ack.ok) { toastError(ack); return; }
    // The budget is shared with the notes: the votes left come from the answer.
    this.store.recordMyClusterVote(id, up, ack.votes_left);
    this.store.setClusterVotes(ack.id || id, ack.votes, ack.rev, false);
  }

  update() {
    const budget = this.budget();
    const left = this.store.votesLeft();
    $('#voting-card').hidden = budget === 0;
    $('#list').classList.toggle('is-voting', budget > 0);
    $('#voting-title').textContent = budget ? tn('voting_banner', budget) : '';
    const counter = $('#votes-left');
    counter.hidden = budget === 0;
    counter.textContent = tn('votes_left_short', left);
    counter.setAttribute('aria-label', tn('votes_left', left));
    counter.title = tn('votes_left', left);
    counter.classList.toggle('is-empty', left === 0);
    this.statusBar.update();
  }
}
