import type { Rng } from './rng.js';

/**
 * Words for subjects and bodies in several languages and scripts (Latin with diacritics, Cyrillic, Greek, CJK,
 * Arabic and Hebrew right-to-left, Devanagari, and characters outside the BMP), so every string path of a
 * reader (UTF-16 surrogates, code pages, bidi) gets exercised.
 */
export interface Language {
  code: string;
  /** Windows code page an Outlook client in this language would tag 8-bit text with. */
  codepage: number;
  subjects: readonly string[];
  sentences: readonly string[];
}

export const LANGUAGES: readonly Language[] = [
  {
    code: 'en',
    codepage: 1252,
    subjects: ['Quarterly report', 'Lunch on Friday?', 'Re: budget review', 'Meeting notes', 'Invoice attached', 'Travel plans', 'Welcome aboard'],
    sentences: [
      'Please find the latest figures attached.',
      'Let me know if anything is unclear before the review.',
      'We moved the deadline to the end of next week.',
      'Thanks for the quick turnaround on this.',
      'The customer confirmed the order this morning.',
      'Could you check the numbers in section three?',
    ],
  },
  {
    code: 'de',
    codepage: 1252,
    subjects: ['Rückmeldung zum Angebot', 'Besprechung am Dienstag', 'Änderungen übernommen', 'Urlaubsplanung für März'],
    sentences: [
      'Anbei die überarbeitete Fassung mit allen Änderungen.',
      'Können wir das Gespräch auf Donnerstag verschieben?',
      'Die Größe der Datei überschreitet das Postfachlimit.',
      'Vielen Dank für die schnelle Rückmeldung!',
    ],
  },
  {
    code: 'fr',
    codepage: 1252,
    subjects: ['Réunion de lancement', 'Facture n° 2024-117', 'Congés d’été', 'Ordre du jour'],
    sentences: [
      'Veuillez trouver ci-joint le compte rendu de la réunion.',
      'Le délai a été prolongé jusqu’à la fin du mois.',
      'Merci de confirmer votre présence avant vendredi.',
      'Ça me semble très bien, on avance comme prévu.',
    ],
  },
  {
    code: 'ru',
    codepage: 1251,
    subjects: ['Отчёт за квартал', 'Встреча в понедельник', 'Счёт на оплату', 'Новые требования'],
    sentences: [
      'Пожалуйста, ознакомьтесь с приложенным документом.',
      'Срок сдачи перенесён на следующую неделю.',
      'Спасибо за быстрый ответ, всё получилось.',
      'Давайте обсудим детали завтра утром.',
    ],
  },
  {
    code: 'el',
    codepage: 1253,
    subjects: ['Συνάντηση την Τρίτη', 'Προσφορά έργου', 'Ενημέρωση λογαριασμού'],
    sentences: ['Σας επισυνάπτω την τελική έκδοση του εγγράφου.', 'Ευχαριστώ πολύ για τη βοήθεια.', 'Θα τα πούμε αύριο στο γραφείο.'],
  },
  {
    code: 'ja',
    codepage: 932,
    subjects: ['会議の議事録', '見積書の送付', '来週の予定について', '【重要】システムメンテナンス'],
    sentences: ['お疲れ様です。資料を添付いたします。', '来週の会議は木曜日に変更になりました。', 'ご確認のほど、よろしくお願いいたします。', '本日の打ち合わせ、ありがとうございました。'],
  },
  {
    code: 'zh',
    codepage: 936,
    subjects: ['季度销售报告', '会议通知', '项目进度更新', '发票已附上'],
    sentences: ['附件是本季度的销售数据，请查收。', '会议改到下周三下午两点。', '谢谢你的帮助，我们明天再联系。', '请在周五之前确认最终方案。'],
  },
  {
    code: 'ar',
    codepage: 1256,
    subjects: ['تقرير الربع الثالث', 'اجتماع يوم الأحد', 'فاتورة مرفقة'],
    sentences: ['يرجى الاطلاع على الملف المرفق.', 'تم تأجيل الموعد إلى الأسبوع القادم.', 'شكراً جزيلاً على تعاونكم.'],
  },
  {
    code: 'he',
    codepage: 1255,
    subjects: ['סיכום פגישה', 'הצעת מחיר', 'עדכון לוח זמנים'],
    sentences: ['מצורף המסמך המעודכן לעיונך.', 'הפגישה נדחתה ליום חמישי.', 'תודה רבה על העזרה!'],
  },
  {
    code: 'hi',
    codepage: 65001,
    subjects: ['बैठक का सारांश', 'चालान संलग्न है', 'परियोजना की स्थिति'],
    sentences: ['कृपया संलग्न दस्तावेज़ देखें।', 'बैठक अगले सप्ताह के लिए स्थगित कर दी गई है।', 'आपकी सहायता के लिए धन्यवाद।'],
  },
  {
    code: 'emoji',
    codepage: 65001,
    subjects: ['🎉 Team party on Friday', 'Launch day 🚀', 'Coffee? ☕'],
    sentences: ['Great work everyone 👏👏', 'The 𝐛𝐨𝐥𝐝 plan is ready ✅', 'See you there 😀 — bring snacks 🍕'],
  },
];

export const FIRST_NAMES = ['Anna', 'Jürgen', 'Chloé', 'Олег', 'Νίκος', '陽子', '伟', 'فاطمة', 'נועה', 'Priya', 'James', 'María', 'Søren', 'Zoë'] as const;
export const LAST_NAMES = ['Schmidt', 'Dubois', 'Иванова', 'Παπαδόπουλος', '佐藤', '王', 'حداد', 'כהן', 'Sharma', 'O’Brien', 'García', 'Ødegård', 'Smith'] as const;
const ASCII_MAIL_NAMES = ['anna', 'juergen', 'chloe', 'oleg', 'nikos', 'yoko', 'wei', 'fatima', 'noa', 'priya', 'james', 'maria', 'soren', 'zoe'];
export const DOMAINS = ['contoso.com', 'fabrikam.de', 'example.org', 'northwind.fr', 'adventure-works.co.jp'] as const;

export interface Person {
  name: string;
  email: string;
}

export function person(rng: Rng): Person {
  const i = rng.int(0, FIRST_NAMES.length - 1);
  const last = rng.pick(LAST_NAMES);
  return { name: `${FIRST_NAMES[i]} ${last}`, email: `${ASCII_MAIL_NAMES[i]}.${rng.int(1, 99)}@${rng.pick(DOMAINS)}` };
}

/** A paragraph of 1–6 sentences in one language. */
export function paragraph(rng: Rng, lang: Language): string {
  const n = rng.int(1, 6);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(rng.pick(lang.sentences));
  return out.join(' ');
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** RTF for a text body: ASCII as-is, everything else as \uN? escapes (signed 16-bit UTF-16 units). */
export function rtfDocument(paragraphs: readonly string[]): string {
  const esc = (s: string) => {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x5c || c === 0x7b || c === 0x7d) out += `\\${s[i]}`;
      else if (c < 0x80) out += s[i];
      else out += `\\u${c > 0x7fff ? c - 0x10000 : c}?`;
    }
    return out;
  };
  const body = paragraphs.map((p) => `\\pard\\plain\\f0\\fs20 ${esc(p)}\\par\r\n`).join('');
  return `{\\rtf1\\ansi\\ansicpg1252\\deff0\\deftab720{\\fonttbl{\\f0\\fswiss Arial;}}{\\colortbl\\red0\\green0\\blue0;}\r\n${body}}`;
}
