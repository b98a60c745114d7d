/** Where the comment goes: a pull request (an issue, to the REST API) of a repository. */
export interface CommentTarget {
  /** `https://api.github.com`, or GitHub Enterprise's `https://<host>/api/v3` (GITHUB_API_URL in Actions). */
  readonly apiUrl: string;
  /** `owner/name`. */
  readonly repository: string;
  readonly pullRequest: number;
  readonly token: string;
  /** The hidden line that identifies our comment among the others. */
  readonly marker: string;
  readonly fetch?: typeof fetch;
}

export interface CommentResult {
  readonly action: "created" | "updated";
  readonly id: number;
  readonly url?: string;
}

interface IssueComment {
  readonly id: number;
  readonly body?: string;
  readonly html_url?: string;
}

const PAGE_SIZE = 100;

/**
 * Creates the comment, or updates the one that carries the marker, so that every push of a pull request
 * refreshes one review comment instead of adding another.
 */
export async function upsertComment(target: CommentTarget, body: string): Promise<CommentResult> {
  const send = target.fetch ?? fetch;
  const api = target.apiUrl.replace(/\/+$/, "");
  const headers = {
    authorization: `Bearer ${target.token}`,
    accept: "application/vnd.github+json",
    "x-github-api-version": "2022-11-28",
    "content-type": "application/json",
    "user-agent": "fhi-review",
  };
  const call = async <T>(method: string, url: string, payload?: object): Promise<T> => {
    const response = await send(url, { method, headers, body: payload === undefined ? undefined : JSON.stringify(payload) });
    if (!response.ok) {
      const detail = await response.text().catch(() => "");
      throw new Error(`${method} ${url}: HTTP ${response.status}${detail ? ` ${detail.slice(0, 200)}` : ""}`);
    }
    return (await response.json()) as T;
  };
  const text = body.includes(target.marker) ? body : `${target.marker}\n${body}`;
  const issueComments = `${api}/repos/${target.repository}/issues/${target.pullRequest}/comments`;
  for (let page = 1; ; page++) {
    const comments = await call<IssueComment[]>("GET", `${issueComments}?per_page=${PAGE_SIZE}&page=${page}`);
    const ours = comments.find((comment) => comment.body?.includes(target.marker));
    if (ours) {
      const updated = await call<IssueComment>("PATCH", `${api}/repos/${target.repository}/issues/comments/${ours.id}`, { body: text });
      return { action: "updated", id: updated.id, url: updated.html_url };
    }
    if (comments.length < PAGE_SIZE) break;
  }
  const created = await call<IssueComment>("POST", issueComments, { body: text });
  return { action: "created", id: created.id, url: created.html_url };
}
